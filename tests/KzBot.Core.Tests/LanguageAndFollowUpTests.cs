using KzBot.Core.Answering;
using KzBot.Core.Languages;

namespace KzBot.Core.Tests;

public class LanguageAndFollowUpTests
{
    [Theory]
    [InlineData("How did Kazakhstan vote at the UN?", "en")]
    [InlineData("Как Казахстан голосовал в ООН?", "ru")]
    [InlineData("Что такое CSTO и EEU для Казахстана?", "ru")]
    [InlineData("Қазақстан БҰҰ-да қалай дауыс берді?", "kk")]
    [InlineData("Тоқаев не деді?", "kk")]
    [InlineData("What does «Казахстан» mean in the CSTO treaty text?", "en")]
    [InlineData("2022?", "en")]
    public void The_question_language_is_told_from_its_letters(string question, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(question));

    [Theory]
    [InlineData("why?", true)]
    [InlineData("and Crimea?", true)]
    [InlineData("and what about Uzbekistan?", true)]
    [InlineData("А что насчёт Узбекистана?", true)]
    [InlineData("Ал Өзбекстан ше?", true)]
    [InlineData("Why did Russian troops arrive in Kazakhstan in January?", false)]
    [InlineData("How did Kazakhstan vote on the UN resolution condemning the invasion?", false)]
    [InlineData("And how did Kazakhstan vote on the UN resolution condemning the invasion in the General Assembly?", false)]
    public void Only_questions_that_lean_on_an_earlier_one_are_follow_ups_without_a_reply(string question, bool followUp) =>
        Assert.Equal(followUp, FollowUpResolver.LooksLikeFollowUp(question));

    [Fact]
    public void A_follow_up_is_searched_together_with_the_question_it_follows()
    {
        var previous = new ConversationTurn("a1", "Where did the first aid planes arrive", "In Katowice [1].", DateTimeOffset.UnixEpoch);

        Assert.Equal("Where did the first aid planes arrive. and from where?", ContextMergeRewriter.Merge("and from where?", previous));
        Assert.Equal("and from where?", ContextMergeRewriter.Merge("and from where?", null));
    }

    [Theory]
    [InlineData("ru", "только на английском")]
    [InlineData("kk", "тек ағылшын тілінде")]
    public void Russian_and_Kazakh_get_an_English_only_notice_in_their_language(string language, string fragment) =>
        Assert.Contains(fragment, LanguageNotices.EnglishOnly(language));

    [Fact]
    public void English_gets_no_notice() => Assert.Null(LanguageNotices.EnglishOnly("en"));
}
