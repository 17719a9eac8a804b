using ClientCopy = ClaudeMem.Client.Privacy.PrivateContent;
using ServerCopy = ClaudeMem.Events.Privacy.PrivateContent;

namespace ClaudeMem.Client.Tests;

/// <summary>The hook strips what the server strips: its copy must give the same text for every case the server handles.</summary>
public sealed class PrivateContentAgreementTests
{
    public static TheoryData<string> Cases() =>
    [
        "plain text without tags",
        "a <private>secret</private> b",
        "a <PRIVATE>secret</PRIVATE> b",
        "a <private attr=\"x\">secret</private > b",
        "a <private>b <private>secret</private> c</private> d",
        "a <private>b <system-reminder>x</system-reminder> secret</private> e",
        "visible <private>never closed secret",
        "stray </private> closing",
        "<claude-mem-context>old context</claude-mem-context>new",
        "<system_instruction>x</system_instruction><persisted-output>y</persisted-output>z",
        "{\"prompt\":\"\\u003cprivate\\u003esecret\\u003c/private\\u003e ok\"}",
        "<privateer>not a tag</privateer>",
        "multi\nline <private>\nsecret\n</private>\nend",
        "emoji 🙂 <private>🔑</private> and עברית",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Client_and_server_strip_the_same(string text) =>
        Assert.Equal(ServerCopy.Strip(text), ClientCopy.Strip(text));

    [Fact]
    public void Client_and_server_know_the_same_tags() => Assert.Equal(ServerCopy.Tags, ClientCopy.Tags);

    [Fact]
    public void The_cases_are_not_vacuous() =>
        Assert.Equal("a  b", ClientCopy.Strip("a <private>secret</private> b"));
}
