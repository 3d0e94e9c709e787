namespace KzBot.Llm.Tests;

public sealed class GroundedAnswerTests : IAsyncLifetime
{
    private const string VoteQuestion = "How did Kazakhstan vote on the UN resolution condemning the invasion?";

    private FakeOpenAi _fake = null!;
    private LlmTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeOpenAi.StartAsync();
        _host = await LlmTestHost.StartAsync(_fake.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task The_answer_lists_exactly_the_cited_passages_renumbered_in_order_of_first_use()
    {
        // Cite the Crimea passage first and the vote passage second, whatever numbers retrieval gave them.
        _fake.Responder = r =>
        {
            var crimea = Passages.Holding(r, "Crimea");
            var vote = Passages.Holding(r, "abstained");
            return FakeReply.Text($"Kazakhstan did not recognise Russian ownership of Crimea [{crimea}]. It abstained on the United Nations resolution [{vote}]. It would not recognise Donetsk [{vote}].");
        };

        var answer = await _host.AskAsync(VoteQuestion);

        Assert.False(answer.Refused);
        Assert.Equal("Kazakhstan did not recognise Russian ownership of Crimea [1]. It abstained on the United Nations resolution [2]. It would not recognise Donetsk [2].", answer.Text);
        Assert.Equal(2, answer.Citations.Count);
        Assert.Equal([1, 2], answer.Citations.Select(c => c.N));
        Assert.Contains("Crimea", answer.Citations[0].Quote);
        Assert.Contains("abstained", answer.Citations[1].Quote);
        foreach (var c in answer.Citations)
        {
            Assert.Equal(c.Quote, (await _host.DocumentTextAsync(c))[c.Start..c.End]);
            Assert.Matches(@"000_2430754713510b96\.txt, ¶\d+$", c.Source);
        }
    }

    [Fact]
    public async Task Invented_citation_numbers_are_removed()
    {
        _fake.Responder = r => FakeReply.Text($"Kazakhstan abstained on the resolution [{Passages.Holding(r, "abstained")}][7]. It also left the CSTO [9].");

        var answer = await _host.AskAsync(VoteQuestion);

        Assert.Equal("Kazakhstan abstained on the resolution [1]. It also left the CSTO.", answer.Text);
        var citation = Assert.Single(answer.Citations);
        Assert.Contains("abstained", citation.Quote);
        Assert.DoesNotContain("[7]", answer.Text);
        Assert.DoesNotContain("[9]", answer.Text);
    }

    [Fact]
    public async Task An_answer_with_no_valid_citation_becomes_a_refusal()
    {
        _fake.Responder = _ => FakeReply.Text("Kazakhstan voted in favour [12].");

        var answer = await _host.AskAsync(VoteQuestion);

        // The refusal quotes the closest sentences the sources do have, never the model's unverifiable claim.
        Assert.True(answer.Refused);
        Assert.Empty(answer.Citations);
        Assert.StartsWith("My sources don't answer that directly.", answer.Text);
        Assert.DoesNotContain("voted in favour", answer.Text);
    }

    [Fact]
    public async Task The_model_saying_the_passages_lack_the_answer_becomes_a_refusal()
    {
        _fake.Responder = _ => FakeReply.Text("NOT_IN_SOURCES");

        var answer = await _host.AskAsync(VoteQuestion);

        Assert.True(answer.Refused);
        Assert.DoesNotContain("NOT_IN_SOURCES", answer.Text);
    }

    [Fact]
    public async Task Weak_retrieval_is_refused_without_calling_the_model()
    {
        var answer = await _host.AskAsync("What is the capital of Australia?");

        Assert.True(answer.Refused);
        Assert.Contains("can't answer", answer.Text);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task The_request_carries_the_system_prompt_numbered_passages_the_question_and_the_settings()
    {
        await _host.AskAsync(VoteQuestion);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "prompts", "system.txt")).Trim(), request.System);
        Assert.Equal("fake-model", request.Body.GetProperty("model").GetString());
        Assert.Equal(0.1, request.Body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(600, request.Body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal("Bearer " + LlmTestHost.ApiKey, request.Authorization);

        var passages = Passages.In(request);
        Assert.Equal(Enumerable.Range(1, passages.Count), passages.Select(p => p.Id));
        Assert.Contains(passages, p => p.Text.Contains("Kazakhstan abstained on the United Nations General Assembly resolution", StringComparison.Ordinal));
        Assert.Contains("<question>\n" + VoteQuestion + "\n</question>", request.User);
        Assert.Contains("Write the answer in English.", request.User);
    }

    [Fact]
    public async Task Passage_text_reaches_the_model_unencoded()
    {
        // Semantic Kernel's template engine would send ’ and & as entities; our substitution must not.
        await _host.AskAsync(VoteQuestion);

        var request = Assert.Single(_fake.Requests);
        Assert.Contains("Putin’s February invasion", request.User);
        Assert.DoesNotContain("&#", request.User);
        Assert.DoesNotContain("&amp;", request.User);
    }
}
