namespace KzBot.Core.Chat;

/// <summary>What the bot says about itself rather than about the sources, the same on every platform.</summary>
public static class ChatTexts
{
    public const string Failure = "Sorry, something went wrong while answering. Please try again in a moment.";

    public const string FeedbackUp = "Thanks — glad it helped. 👍";

    public const string FeedbackDown = "Thanks — noted, it helps improve the sources. 👎";

    public const string UnknownAnswer = "That answer is no longer available.";

    public static string ForFeedback(bool recorded, int value) => !recorded ? UnknownAnswer : value > 0 ? FeedbackUp : FeedbackDown;
}
