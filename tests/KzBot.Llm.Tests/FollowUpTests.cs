namespace KzBot.Llm.Tests;

public sealed class FollowUpTests : IAsyncLifetime
{
    private const string VoteQuestion = "How did Kazakhstan vote on the UN resolution condemning the invasion?";

    private FakeOpenAi _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeOpenAi.StartAsync();

        // Plays both calls: the rewrite returns a standalone question, the answer cites the passage it asks about.
        _fake.Responder = r => r.IsRewrite
            ? FakeReply.Text(r.User.Contains("Crimea", StringComparison.Ordinal) ? "Did Kazakhstan recognise Russian ownership of Crimea?" : "How did Kazakhstan vote on the UN resolution condemning the invasion?")
            : r.User.Contains("Crimea?\n</question>", StringComparison.Ordinal)
                ? FakeReply.Text($"No, Kazakhstan did not recognise Russian ownership of Crimea [{Passages.Holding(r, "Crimea")}].")
                : FakeReply.Text($"Kazakhstan abstained [{Passages.Holding(r, "abstained")}].");
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_reply_to_an_answer_is_rewritten_by_the_model_into_a_standalone_question_before_retrieval()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);
        var first = await host.AskAsync(VoteQuestion);
        Assert.Single(_fake.Requests);

        var followUp = await host.AskAsync("and what about Crimea?", replyTo: first.Id);

        var requests = _fake.Requests.ToList();
        Assert.Equal(3, requests.Count);
        var rewrite = requests[1];
        Assert.True(rewrite.IsRewrite);
        Assert.Contains("<previous_question>\n" + VoteQuestion + "\n</previous_question>", rewrite.User);
        Assert.Contains("<previous_answer>\nKazakhstan abstained [1].\n</previous_answer>", rewrite.User);
        Assert.Contains("<question>\nand what about Crimea?\n</question>", rewrite.User);

        var answerCall = requests[2];
        Assert.Contains("<question>\nDid Kazakhstan recognise Russian ownership of Crimea?\n</question>", answerCall.User);
        Assert.Equal("No, Kazakhstan did not recognise Russian ownership of Crimea [1].", followUp.Text);
        Assert.Contains("Crimea", Assert.Single(followUp.Citations).Quote);
    }

    [Fact]
    public async Task A_new_English_question_costs_one_model_call()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        await host.AskAsync(VoteQuestion);

        Assert.False(Assert.Single(_fake.Requests).IsRewrite);
    }

    [Fact]
    public async Task Without_a_model_a_follow_up_is_merged_with_the_question_it_replies_to()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Answering:Composer"] = "Extractive" });
        var first = await host.AskAsync("Where did the first humanitarian aid planes arrive?");
        Assert.Contains("Katowice", first.Text);

        // Alone, "and from where?" finds nothing; with the question it follows it is answered.
        var alone = await host.AskAsync("and from where?", chat: "other");
        var followUp = await host.AskAsync("and from where?", replyTo: first.Id);

        Assert.True(alone.Refused);
        Assert.False(followUp.Refused);
        Assert.Contains("Almaty", followUp.Text);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task A_short_follow_up_in_the_same_chat_needs_no_reply_but_expires()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Answering:Composer"] = "Extractive", ["Answering:FollowUpMaxAge"] = "00:10:00" });
        await host.AskAsync("Where did the first humanitarian aid planes arrive?");

        var soon = await host.AskAsync("and from where?");
        host.Time.Advance(TimeSpan.FromMinutes(11));
        var late = await host.AskAsync("and from where?");

        Assert.Contains("Almaty", soon.Text);
        Assert.True(late.Refused);
    }

    [Fact]
    public async Task A_reply_to_an_answer_from_another_chat_is_not_context()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Answering:Composer"] = "Extractive" });
        var first = await host.AskAsync("Where did the first humanitarian aid planes arrive?", chat: "a");

        var elsewhere = await host.AskAsync("and from where?", chat: "b", replyTo: first.Id);

        Assert.True(elsewhere.Refused);
    }

    [Fact]
    public async Task Conversation_context_survives_a_restart()
    {
        var host = await LlmTestHost.StartAsync(_fake.Endpoint);
        var root = host.Root;
        var first = await host.AskAsync(VoteQuestion);
        await host.StopKeepingDataAsync();

        await using var restarted = await LlmTestHost.StartAsync(_fake.Endpoint, root: root);
        var followUp = await restarted.AskAsync("and what about Crimea?", replyTo: first.Id);

        var rewrite = _fake.Requests.Single(r => r.IsRewrite);
        Assert.Contains(VoteQuestion, rewrite.User);
        Assert.Contains("Crimea", followUp.Text);
        Assert.NotEmpty(followUp.Citations);
    }
}
