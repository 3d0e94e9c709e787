using KzBot.Telegram.Receiving;
using KzBot.Telegram.Sending;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace KzBot.Telegram.Tests.Units;

public sealed class MessageAddressingTests
{
    private static readonly User Me = new() { Id = 77, IsBot = true, FirstName = "KzBot", Username = "KzTestBot" };

    [Fact]
    public void A_mention_is_removed_from_the_question_and_marks_it_addressed()
    {
        var message = Group("Hey @kztestbot, did Kazakhstan recognise Donetsk?", new MessageEntity { Type = MessageEntityType.Mention, Offset = 4, Length = 10 });

        var incoming = MessageAddressing.ToIncoming(message, Me, [])!;

        Assert.True(incoming.MentionsBot);
        Assert.Equal("Hey did Kazakhstan recognise Donetsk?", incoming.Text);
        Assert.False(incoming.IsDirect);
    }

    [Fact]
    public void A_reply_to_an_answer_carries_that_answer_id_for_follow_ups()
    {
        var answer = new Message { Id = 5, Chat = new Chat { Id = -100, Type = ChatType.Supergroup }, From = Me, Text = "answer", ReplyMarkup = FeedbackButtons.For("abcdefgh2345") };
        var message = Group("And what about Crimea?");
        message.ReplyToMessage = answer;

        var incoming = MessageAddressing.ToIncoming(message, Me, [])!;

        Assert.True(incoming.RepliesToBot);
        Assert.Equal("abcdefgh2345", incoming.ReplyToAnswerId);
    }

    [Fact]
    public void Admins_are_the_configured_user_ids()
    {
        Assert.True(MessageAddressing.ToIncoming(Group("/stats"), Me, [7])!.IsAdmin);
        Assert.False(MessageAddressing.ToIncoming(Group("/stats"), Me, [8])!.IsAdmin);
    }

    [Fact]
    public void Feedback_data_fits_telegrams_64_bytes_and_round_trips()
    {
        var keyboard = FeedbackButtons.For("abcdefgh2345", chosen: -1);

        var buttons = keyboard.InlineKeyboard.Single().ToList();
        Assert.All(buttons, b => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(b.CallbackData!), 1, 64));
        Assert.True(FeedbackButtons.TryParse(buttons[1].CallbackData, out var id, out var value));
        Assert.Equal(("abcdefgh2345", -1), (id, value));
        Assert.False(FeedbackButtons.TryParse("fb:x:abc", out _, out _));
        Assert.False(FeedbackButtons.TryParse("src:1", out _, out _));
    }

    private static Message Group(string text, params MessageEntity[] entities) => new()
    {
        Id = 10,
        Chat = new Chat { Id = -100, Type = ChatType.Supergroup },
        From = new User { Id = 7, FirstName = "Alice" },
        Text = text,
        Entities = entities.Length == 0 ? null : entities,
    };
}
