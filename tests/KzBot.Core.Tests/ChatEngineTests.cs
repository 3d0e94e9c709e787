using KzBot.Core.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Core.Tests;

public class ChatEngineTests : IClassFixture<SeedHostFixture>
{
    private readonly SeedHostFixture _seed;

    public ChatEngineTests(SeedHostFixture seed) => _seed = seed;

    private TestHost Host => _seed.Host;

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("/ask")]
    [InlineData("\u0001\u0002\u200B")]
    public async Task Empty_questions_get_usage_help(string text)
    {
        var reply = await Host.SayAsync(text);

        Assert.Equal(ReplyKind.Text, reply.Kind);
        Assert.Contains("/ask", reply.Text);
    }

    [Fact]
    public async Task Huge_questions_get_a_clear_message()
    {
        var reply = await Host.SayAsync(new string('a', 2500));

        Assert.Equal(ReplyKind.Text, reply.Kind);
        Assert.Contains("2,500 characters", reply.Text);
        Assert.Contains("2,000", reply.Text);
    }

    [Fact]
    public async Task Control_characters_and_markup_are_treated_as_text()
    {
        var reply = await Host.SayAsync("Did Kazakhstan\u0007 recognise <b>Donetsk</b> and \u202ELuhansk?");

        var answer = reply.Answer!;
        Assert.False(answer.Refused);
        Assert.DoesNotContain('\u0007', answer.Question);
        Assert.DoesNotContain('\u202E', answer.Question);
        Assert.Contains("<b>Donetsk</b>", answer.Question);
    }

    [Fact]
    public async Task Unaddressed_group_messages_and_bots_are_ignored_but_commands_are_not()
    {
        Assert.Equal(ReplyKind.None, (await Host.SayAsync("Did Kazakhstan recognise Donetsk?", direct: false)).Kind);
        var fromBot = new IncomingMessage { Platform = "test", ChatId = "c", UserId = "b", Text = "hi", IsDirect = true, IsFromBot = true };
        Assert.Equal(ReplyKind.None, (await Host.Engine.HandleAsync(fromBot, default)).Kind);
        Assert.Equal(ReplyKind.Answer, (await Host.SayAsync("/ask Did Kazakhstan recognise Donetsk?", direct: false)).Kind);
        Assert.Equal(ReplyKind.Answer, (await Host.SayAsync("/ask@KzBot Did Kazakhstan recognise Donetsk?", direct: false)).Kind);
        Assert.Equal(ReplyKind.None, (await Host.SayAsync("/unknown thing", direct: false)).Kind);
        Assert.Contains("/help", (await Host.SayAsync("/unknown thing")).Text);
    }

    [Fact]
    public async Task Help_and_ask_usage_name_the_topic_learned_from_other_sources()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "growers.txt"), "Tulip growers\n\nDutch growers planted more tulips this autumn than in any year before.");
            File.WriteAllText(Path.Combine(dir, "markets.txt"), "Tulip markets\n\nPrices for tulips at the Aalsmeer auction rose in March.");
            File.WriteAllText(Path.Combine(dir, "disease.txt"), "Tulip disease\n\nA fungus spread through tulips in wet fields near Lisse.");
        });
        await host.ReloadAsync();

        var help = (await host.SayAsync("/help")).Text;
        var usage = (await host.SayAsync("/ask")).Text;

        Assert.StartsWith("I answer questions about Tulip, using only my indexed sources", help, StringComparison.Ordinal);
        Assert.DoesNotContain("Kazakhstan", help, StringComparison.Ordinal);
        Assert.Equal("Ask me a question after /ask, for example: /ask What do your sources say about Tulip?", usage);
    }

    [Fact]
    public async Task Help_and_sources_describe_what_the_bot_knows()
    {
        var help = await Host.SayAsync("/help");
        Assert.StartsWith("I answer questions about Kazakhstan, using only my indexed sources", help.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/reload", help.Text);
        Assert.Contains("/reload", (await Host.SayAsync("/help", isAdmin: true)).Text);

        var sources = await Host.SayAsync("/sources");
        Assert.Contains("1 indexed source", sources.Text);
        Assert.Contains("Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", sources.Text);
    }

    [Fact]
    public async Task Admin_commands_are_refused_to_others_and_every_attempt_is_audited()
    {
        var refused = await Host.SayAsync("/reload", user: "mallory");
        Assert.Equal(ReplyKind.Text, refused.Kind);
        Assert.True(refused.Private);
        Assert.Contains("admins only", refused.Text);

        var allowed = await Host.SayAsync("/reload", isAdmin: true, user: "alice");
        Assert.Contains("Reload finished", allowed.Text);
        Assert.Contains("1 unchanged", allowed.Text);

        var stats = await Host.SayAsync("/stats", isAdmin: true, user: "alice");
        Assert.Contains("Questions:", stats.Text);
        Assert.Contains("p95", stats.Text);

        var audit = await Host.Log.ListAuditAsync(10, default);
        Assert.Contains(audit, a => a.UserId == "mallory" && a.Command == "reload" && !a.Allowed);
        Assert.Contains(audit, a => a.UserId == "alice" && a.Command == "reload" && a.Allowed);
        Assert.Contains(audit, a => a.UserId == "alice" && a.Command == "stats" && a.Allowed);
    }

    [Fact]
    public async Task Why_shows_an_admin_the_words_weighed_the_best_sentence_and_the_decision()
    {
        // Asked in other words than the article's: the closest passages, and /why says what kept it from an answer.
        var asked = await Host.SayAsync("where did the first aid flights go", user: "why-user");
        Assert.True(asked.Answer!.Refused);

        var why = await Host.SayAsync("/why", isAdmin: true, user: "why-admin");

        Assert.True(why.Private);
        Assert.StartsWith("Why: “where did the first aid flights go”", why.Text);
        Assert.Matches(@"Not answered .*the decision model gave 0\.\d\d; it answers from 0\.\d\d\.", why.Text);
        Assert.Contains("flights 0.", why.Text);
        Assert.Contains("(in no source)", why.Text);
        Assert.Contains("Best sentence of the first passage", why.Text);
        Assert.Contains("Katowice", why.Text);
        Assert.Contains("rarest word found", why.Text);

        var answered = await Host.SayAsync("/why Did Kazakhstan recognise Donetsk and Luhansk?", isAdmin: true, user: "why-admin");
        Assert.Contains("Answered: the decision model gave", answered.Text);
        Assert.Contains("Donetsk", answered.Text);

        var offTopic = await Host.SayAsync("/why What is the capital of Australia?", isAdmin: true, user: "why-admin");
        Assert.Contains("Refused: no passage shares a distinctive word with the question.", offTopic.Text);

        Assert.Contains("admins only", (await Host.SayAsync("/why", user: "why-user")).Text);
        var fresh = await Host.Engine.HandleAsync(new IncomingMessage { Platform = "test", ChatId = "why-empty", UserId = "why-admin", Text = "/why", IsAdmin = true, IsDirect = true }, CancellationToken.None);
        Assert.Equal("Nothing has been asked in this chat yet. Usage: /why <question>.", fresh.Text);
    }

    [Fact]
    public async Task Answers_and_feedback_are_recorded_and_the_last_press_wins()
    {
        var answer = (await Host.SayAsync("Did Kazakhstan recognise Donetsk and Luhansk?", user: "fb")).Answer!;
        Assert.NotNull(await Host.Log.GetAnswerAsync(answer.Id, default));

        await Host.Engine.RecordFeedbackAsync("test", "fb", answer.Id, +1, default);
        await Host.Engine.RecordFeedbackAsync("test", "fb", answer.Id, -1, default);

        Assert.Equal(-1, await Host.Log.GetFeedbackAsync(answer.Id, "test", "fb", default));
    }

    [Fact]
    public async Task Fast_askers_are_asked_to_slow_down_until_the_window_passes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = TestHost.Create(
            settings: new() { ["RateLimits:QuestionsPerWindow"] = "2", ["RateLimits:Window"] = "00:01:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await host.ReloadAsync();

        Assert.Equal(ReplyKind.Answer, (await host.SayAsync("Did Kazakhstan recognise Donetsk?")).Kind);
        Assert.Equal(ReplyKind.Answer, (await host.SayAsync("Did Kazakhstan recognise Luhansk?")).Kind);
        var limited = await host.SayAsync("Did Kazakhstan recognise Crimea?");
        Assert.Equal(ReplyKind.Text, limited.Kind);
        Assert.Contains("wait 60 s", limited.Text);
        Assert.Equal(ReplyKind.Answer, (await host.SayAsync("Another user asks about Crimea", user: "u2")).Kind);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(ReplyKind.Answer, (await host.SayAsync("Did Kazakhstan recognise Crimea?")).Kind);
    }
}
