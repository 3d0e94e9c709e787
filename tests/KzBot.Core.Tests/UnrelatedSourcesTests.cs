namespace KzBot.Core.Tests;

/// <summary>Admins may index broad archives next to the topic's sources; their sentences must not leak into answers.</summary>
public class UnrelatedSourcesTests
{
    [Fact]
    public async Task An_answer_does_not_borrow_sentences_from_an_unrelated_article_that_shares_its_words()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.Copy(Path.Combine(Repo.Seeds, Repo.SeedFile), Path.Combine(dir, Repo.SeedFile));
            File.WriteAllText(Path.Combine(dir, "floods.txt"),
                "Army helps with winter floods\n\n" +
                "More than 2,000 troops were sent in January to help towns in northern England after the floods. " +
                "The troops arrived with sandbags and boats.");
        });
        await host.ReloadAsync();

        var answer = (await host.SayAsync("How many troops did Russia send to Kazakhstan in January?")).Answer!;

        Assert.False(answer.Refused);
        Assert.Contains("2,000", answer.Text, StringComparison.Ordinal);
        Assert.All(answer.Citations, c => Assert.Equal("Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", c.Title));
        Assert.DoesNotContain("England", answer.Text, StringComparison.Ordinal);
    }
}
