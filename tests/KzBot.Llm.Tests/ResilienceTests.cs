using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Llm.Tests;

public sealed class ResilienceTests : IAsyncLifetime
{
    private const string VoteQuestion = "How did Kazakhstan vote on the UN resolution condemning the invasion?";
    private const string Unavailable = "The full answer is unavailable right now";

    private FakeOpenAi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeOpenAi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private Task<LlmTestHost> HostAsync(Dictionary<string, string?>? settings = null) => LlmTestHost.StartAsync(_fake.Endpoint, settings);

    private static FakeReply Cited(RecordedRequest r) => FakeReply.Text($"Kazakhstan abstained [{Passages.Holding(r, "abstained")}].");

    [Fact]
    public async Task A_429_is_retried_once_and_the_model_answer_is_used()
    {
        await using var host = await HostAsync();
        _fake.Enqueue(FakeReply.Fail(429));
        _fake.Responder = Cited;

        var answer = await host.AskAsync(VoteQuestion);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.Equal("Kazakhstan abstained [1].", answer.Text);
        Assert.Null(answer.Note);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Repeated_server_errors_give_the_extractive_answer_with_a_note_after_one_retry(int status)
    {
        await using var host = await HostAsync();
        _fake.Responder = _ => FakeReply.Fail(status);

        var answer = await host.AskAsync(VoteQuestion);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.False(answer.Refused);
        Assert.Contains("abstained", answer.Text);
        Assert.NotEmpty(answer.Citations);
        Assert.StartsWith(Unavailable, answer.Note);
    }

    [Fact]
    public async Task A_malformed_reply_is_retried_once()
    {
        await using var host = await HostAsync();
        _fake.Enqueue(FakeReply.Malformed);
        _fake.Responder = Cited;

        var answer = await host.AskAsync(VoteQuestion);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.Equal("Kazakhstan abstained [1].", answer.Text);
    }

    [Fact]
    public async Task An_empty_reply_twice_falls_back()
    {
        await using var host = await HostAsync();
        _fake.Responder = _ => FakeReply.Text("");

        var answer = await host.AskAsync(VoteQuestion);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.StartsWith(Unavailable, answer.Note);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried()
    {
        await using var host = await HostAsync();
        _fake.Responder = _ => FakeReply.Fail(400);

        var answer = await host.AskAsync(VoteQuestion);

        Assert.Single(_fake.Requests);
        Assert.StartsWith(Unavailable, answer.Note);
        Assert.Contains("abstained", answer.Text);
    }

    [Fact]
    public async Task A_model_that_never_answers_gives_the_extractive_answer_once_two_timeouts_have_passed()
    {
        await using var host = await HostAsync(new() { ["Llm:Timeout"] = "00:00:15" });
        _fake.Responder = _ => FakeReply.Hang;
        var started = host.Time.GetUtcNow();

        var asking = host.AskAsync(VoteQuestion);
        await Eventually.UntilAsync(() => _fake.Requests.Count == 1, "the first attempt reaches the model");
        Assert.False(asking.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(15));
        await Eventually.UntilAsync(() => _fake.Requests.Count == 2, "the retry reaches the model");
        Assert.False(asking.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(15));
        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), host.Time.GetUtcNow() - started);
        Assert.StartsWith(Unavailable, answer.Note);
        Assert.Contains("abstained", answer.Text);
    }

    [Fact]
    public async Task While_the_circuit_is_open_answers_fall_back_without_calling_the_model_and_it_closes_again()
    {
        await using var host = await HostAsync(new()
        {
            ["Llm:CircuitMinimumCalls"] = "2",
            ["Llm:CircuitFailureRatio"] = "0.5",
            ["Llm:CircuitBreakDuration"] = "00:00:30",
        });
        _fake.Responder = _ => FakeReply.Fail(503);

        await host.AskAsync(VoteQuestion);
        Assert.Equal(2, _fake.Requests.Count);

        _fake.Responder = Cited;
        var whileOpen = await host.AskAsync(VoteQuestion);
        Assert.Equal(2, _fake.Requests.Count);
        Assert.StartsWith(Unavailable, whileOpen.Note);
        Assert.Contains("abstained", whileOpen.Text);

        host.Time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = await host.AskAsync(VoteQuestion);
        Assert.Equal(3, _fake.Requests.Count);
        Assert.Equal("Kazakhstan abstained [1].", afterBreak.Text);
        Assert.Null(afterBreak.Note);
    }

    [Fact]
    public async Task A_burst_of_questions_queues_behind_the_concurrency_limit()
    {
        await using var host = await HostAsync(new() { ["Llm:MaxConcurrentCalls"] = "2" });
        _fake.Responder = r => FakeReply.Gated($"Kazakhstan abstained [{Passages.Holding(r, "abstained")}].");
        var limiter = host.Services.GetRequiredService<ModelCallLimiter>();

        var burst = Enumerable.Range(0, 5).Select(i => host.AskAsync(VoteQuestion, chat: "burst" + i)).ToList();
        await Eventually.UntilAsync(() => _fake.InFlight == 2 && limiter.Waiting == 3, "two calls are in flight and three wait");
        _fake.Gate.SetResult();
        var answers = await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, _fake.PeakInFlight);
        Assert.Equal(5, _fake.Requests.Count);
        Assert.All(answers, a => Assert.Equal("Kazakhstan abstained [1].", a.Text));
    }
}
