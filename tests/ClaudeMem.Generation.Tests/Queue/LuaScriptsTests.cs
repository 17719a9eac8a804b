namespace ClaudeMem.Generation.Tests.Queue;

public sealed class LuaScriptsTests
{
    [Fact]
    public void The_embedded_scripts_come_from_the_pinned_bullmq()
    {
        Assert.Equal("6.7.0", LuaScripts.BullMqVersion);
        var moveToActive = LuaScripts.Get("moveToActive", 11);
        Assert.Contains("KEYS[11]", moveToActive.Text);
        Assert.True(LuaScripts.Scripts.Count > 40);
    }

    [Fact]
    public void A_script_whose_key_count_changed_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LuaScripts.Get("moveToActive", 10));
        Assert.Contains("takes 11 keys", error.Message);
        Assert.Throws<InvalidOperationException>(() => LuaScripts.Get("noSuchScript", 1));
    }

    [Fact]
    public void The_lua_text_is_not_committed_only_generated()
    {
        var gitignore = File.ReadAllLines(Path.Combine(NodeBullMq.ToolsDirectory, "..", "..", ".gitignore"));
        Assert.Contains("/src/ClaudeMem.Generation/Queue/Lua/", gitignore);
        var lockFile = File.ReadAllText(Path.Combine(NodeBullMq.ToolsDirectory, "package-lock.json"));
        Assert.DoesNotContain("\"resolved\"", lockFile);
        Assert.Contains("\"node_modules/bullmq\": {\n      \"version\": \"6.7.0\"", lockFile);
    }
}
