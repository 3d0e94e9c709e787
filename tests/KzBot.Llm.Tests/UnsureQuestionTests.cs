namespace KzBot.Llm.Tests;

/// <summary>
/// Questions asked in other words than the sources use: the word-matching gate is unsure, so the model reads the
/// passages and decides, and a "no" from it still shows the user the closest passages.
/// </summary>
public sealed class UnsureQuestionTests : IAsyncLifetime
{
    // "flights" and "go" are not the article's words ("arrived in two planes to Katowice"): the gate alone gives the closest passages.
    private const string OtherWords = "where did the first aid flights go";

    private FakeOpenAi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeOpenAi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task The_model_reads_the_passages_and_answers_a_question_the_words_alone_did_not_settle()
    {
        _fake.Responder = r => FakeReply.Text($"The first aid planes flew to Katowice, Poland [{Passages.Holding(r, "Katowice")}].");
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        var answer = await host.AskAsync(OtherWords);

        Assert.False(answer.Refused);
        Assert.Equal("The first aid planes flew to Katowice, Poland [1].", answer.Text);
        var citation = Assert.Single(answer.Citations);
        Assert.Contains("Katowice", citation.Quote);
        Assert.Equal(citation.Quote, (await host.DocumentTextAsync(citation))[citation.Start..citation.End]);
        Assert.Contains("<question>\n" + OtherWords + "\n</question>", Assert.Single(_fake.Requests).User);
    }

    [Fact]
    public async Task When_the_model_finds_no_answer_the_user_gets_the_closest_passages()
    {
        _fake.Responder = _ => FakeReply.Text("NOT_IN_SOURCES");
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        var answer = await host.AskAsync(OtherWords);

        Assert.True(answer.Refused);
        Assert.Single(_fake.Requests);
        Assert.StartsWith("My sources don't answer that directly. The closest they come: ", answer.Text);
        Assert.Contains(answer.Closest!, c => c.Quote.Contains("Katowice", StringComparison.Ordinal));
        Assert.DoesNotContain("NOT_IN_SOURCES", answer.Text);
    }

    [Fact]
    public async Task When_the_model_is_down_the_closest_passages_come_with_a_note()
    {
        _fake.Enqueue(FakeReply.Fail(500), FakeReply.Fail(500));
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        var answer = await host.AskAsync(OtherWords);

        Assert.True(answer.Refused);
        Assert.Contains(answer.Closest!, c => c.Quote.Contains("Katowice", StringComparison.Ordinal));
        Assert.Equal("The full answer is unavailable right now, so here are the most relevant passages from the sources.", answer.Note);
    }

    [Fact]
    public async Task With_reading_switched_off_an_unsure_question_costs_no_model_call()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Llm:ReadWhenUnsure"] = "false" });

        var answer = await host.AskAsync(OtherWords);

        Assert.True(answer.Refused);
        Assert.Contains(answer.Closest!, c => c.Quote.Contains("Katowice", StringComparison.Ordinal));
        Assert.Empty(_fake.Requests);
    }
}
