using ClaudeMem.Http.Metrics;

namespace ClaudeMem.Http.Tests.Operator;

public class ServerGaugesTests
{
    [Theory]
    [InlineData(5, 0)]
    [InlineData(88, 0)]
    [InlineData(100, 0)]
    [InlineData(200, 20_000)]
    [InlineData(2_000, 200_000)]
    public void A_job_count_that_took_over_1_percent_of_the_interval_waits_a_hundred_times_as_long(int tookMs, int waitMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(waitMs), ServerGauges.NextJobSampleAfter(TimeSpan.FromMilliseconds(tookMs)));
}
