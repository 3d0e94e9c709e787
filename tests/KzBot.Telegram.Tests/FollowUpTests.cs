using System.Collections.Concurrent;
using KzBot.Core.Answering;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

public sealed class FollowUpTests
{
    [Fact]
    public async Task A_reply_to_an_answer_is_composed_with_that_answer_as_context()
    {
        var requests = new ConcurrentQueue<ComposeRequest>();
        var composer = new ScriptedComposer(r =>
        {
            requests.Enqueue(r);
            return Task.FromResult(new Answer(r.AnswerId, r.Question, "Answer [1]", false, [ScriptedComposer.Cite(1)], []));
        });
        await using var rig = await TelegramRig.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(composer));
        const long group = TelegramRig.GroupId;
        rig.Api.PushMessage(Tg.Group(group, 7, "/ask Did Kazakhstan recognise Donetsk and Luhansk?"));
        var first = (await rig.Api.WaitForSentAsync(group, 1, "the first answer")).Single(c => c.Method == "sendMessage");
        var firstAnswerId = requests.Single().AnswerId;
        var shownAnswer = Tg.FromBot(group, rig.Api.NextMessageId() - 1, first.Text, first.Body["reply_markup"]);

        rig.Api.PushMessage(Tg.Group(group, 7, "How many troops did Russia send to Kazakhstan in January?", replyTo: shownAnswer));
        rig.Api.PushMessage(Tg.Group(group, 7, "/ask How many troops did Russia send to Kazakhstan in January?"));
        await rig.Api.WaitForSentAsync(group, 3, "both later answers");

        var later = requests.Skip(1).ToList();
        Assert.Equal(firstAnswerId, later[0].Previous?.AnswerId);
        Assert.Equal("Did Kazakhstan recognise Donetsk and Luhansk?", later[0].Previous?.Question);
        Assert.Null(later[1].Previous);
    }
}
