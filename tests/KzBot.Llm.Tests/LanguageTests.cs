namespace KzBot.Llm.Tests;

public sealed class LanguageTests : IAsyncLifetime
{
    private const string RussianVote = "Как Казахстан голосовал по резолюции ООН, осуждающей вторжение?";
    private const string KazakhVote = "Қазақстан БҰҰ-ның басқыншылықты айыптайтын қарарына қалай дауыс берді?";
    private const string EnglishVote = "How did Kazakhstan vote on the UN resolution condemning the invasion?";

    private FakeOpenAi _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeOpenAi.StartAsync();
        _fake.Responder = r => r.IsRewrite
            ? FakeReply.Text(EnglishVote)
            : FakeReply.Text($"Казахстан воздержался при голосовании [{Passages.Holding(r, "abstained")}].");
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_Russian_question_is_translated_for_retrieval_and_the_answer_is_asked_for_in_Russian()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        var answer = await host.AskAsync(RussianVote);

        var requests = _fake.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].IsRewrite);
        Assert.Contains("translate it into English", requests[0].User);
        Assert.Contains("<question>\n" + RussianVote + "\n</question>", requests[0].User);

        Assert.Contains("Write the answer in Russian.", requests[1].User);
        Assert.Contains("<question>\n" + RussianVote + "\n</question>", requests[1].User);
        Assert.Contains(Passages.In(requests[1]), p => p.Text.Contains("abstained", StringComparison.Ordinal));

        Assert.False(answer.Refused);
        Assert.Equal("Казахстан воздержался при голосовании [1].", answer.Text);
        Assert.Null(answer.Note);
    }

    [Fact]
    public async Task A_Kazakh_question_asks_for_a_Kazakh_answer()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);

        await host.AskAsync(KazakhVote);

        Assert.Contains("Write the answer in Kazakh.", _fake.Requests.Single(r => !r.IsRewrite).User);
    }

    [Fact]
    public async Task When_the_model_is_down_a_Russian_question_gets_the_extractive_answer_with_a_Russian_note()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);
        _fake.Enqueue(FakeReply.Text(EnglishVote));
        _fake.Responder = _ => FakeReply.Fail(503);

        var answer = await host.AskAsync(RussianVote);

        Assert.Contains("abstained", answer.Text);
        Assert.StartsWith("Полный ответ сейчас недоступен", answer.Note);
    }

    [Fact]
    public async Task A_Russian_question_the_sources_do_not_cover_is_refused_in_Russian()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint);
        _fake.Responder = _ => FakeReply.Text("What is the capital of Australia?");

        var answer = await host.AskAsync("Какая столица Австралии?");

        Assert.True(answer.Refused);
        Assert.StartsWith("В моих источниках нет ответа", answer.Text);
        Assert.True(Assert.Single(_fake.Requests).IsRewrite);
    }

    [Theory]
    [InlineData(RussianVote, "С текущими настройками я отвечаю только на английском языке")]
    [InlineData(KazakhVote, "Қазіргі баптауларда мен тек ағылшын тілінде жауап беремін")]
    public async Task Without_a_model_the_bot_says_in_the_question_s_language_that_it_answers_in_English_only(string question, string notice)
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Answering:Composer"] = "Extractive" });

        var answer = await host.AskAsync(question);

        Assert.StartsWith(notice, answer.Note);
        Assert.Empty(_fake.Requests);
    }
}
