namespace ClaudeMem.Testing;

/// <summary>
/// Ranking quality measures over judged queries. nDCG@k uses the exponential gain
/// <c>(2^grade - 1) / log2(rank + 1)</c>, so a grade-3 record misplaced costs more than a grade-1 one,
/// divided by the same sum for the ideal order of every judged record.
/// </summary>
public static class Relevance
{
    public const int NdcgDepth = 10;

    public static double DiscountedGain(int grade, int rank) => (Math.Pow(2, grade) - 1) / Math.Log2(rank + 1);

    /// <summary>nDCG@k of a ranking (record keys, best first); 0 when nothing is judged relevant.</summary>
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k = NdcgDepth)
    {
        var dcg = ranked.Take(k).Select((key, i) => DiscountedGain(grades.GetValueOrDefault(key), i + 1)).Sum();
        var ideal = grades.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => DiscountedGain(g, i + 1)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }
}
