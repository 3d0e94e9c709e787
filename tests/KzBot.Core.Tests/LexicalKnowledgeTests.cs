using KzBot.Core.Retrieval;
using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Core.Tests;

/// <summary>The lexical resources behind chat phrasing: WordNet relations, abbreviations, typos, answer types, the corpus's topic.</summary>
public class LexicalKnowledgeTests
{
    [Theory]
    [InlineData("soldiers", "troops", Relation.Derived)]
    [InlineData("pact", "treaty", Relation.Synonym)]
    [InlineData("moscow", "russia", Relation.PartOf)]
    [InlineData("astana", "kazakhstan", Relation.PartOf)]
    public void WordNet_relates_words_people_use_to_words_sources_use(string word, string related, Relation relation) =>
        Assert.Contains((related, relation), Lexicon.Default.Related(word));

    [Fact]
    public void Related_words_are_worth_less_than_the_word_itself() =>
        Assert.All(Enum.GetValues<Relation>(), r => Assert.InRange(Lexicon.Factor(r), 0.1, 0.99));

    [Theory]
    [InlineData("jan", "january")]
    [InlineData("gov", "government")]
    [InlineData("un", "united nations")]
    public void Chat_abbreviations_are_spelled_out(string abbreviation, string words) =>
        Assert.Equal(words.Split(' '), Lexicon.Default.Abbreviation(abbreviation));

    [Fact]
    public void Irregular_verbs_stem_to_their_base_form()
    {
        Assert.Equal(Terms.Stem("send"), Terms.Stem("sent"));
        Assert.Equal(Terms.Stem("come"), Terms.Stem("came"));
    }

    [Theory]
    [InlineData("killed")]
    [InlineData("arrested")]
    [InlineData("planned")]
    [InlineData("policy")]
    [InlineData("afraid")]
    public void Inflected_and_common_words_are_english_not_names(string word) =>
        Assert.True(Lexicon.Default.IsEnglishWord(word));

    [Fact]
    public void Small_words_typed_without_apostrophes_or_mistyped_are_not_content_words()
    {
        Assert.Equal(["market", "cap"], Terms.ContentWords("whats the market cap"));
        Assert.Equal(["aid", "flights", "leave"], Terms.ContentWords("wher did the aid flights leave from"));
        Assert.Equal(["russia", "send", "troops"], Terms.ContentWords("didnt russia send troops"));
        Assert.Equal(["tokayev"], Terms.ContentWords("tokayev"));
    }

    [Fact]
    public void An_acronym_the_sources_spell_out_stands_for_the_name_it_abbreviates()
    {
        string[] texts = ["Any move would have to wait until March when the Office of Fair Trading completes an investigation."];
        WeightedTerm[] terms = [new("oft", "oft", 1, InSources: false), new("flights", "flight", 1, InSources: false)];

        var expanded = CorpusAcronyms.Expand(terms, texts);

        Assert.InRange(expanded[0].Match(Terms.Stems("The Office of Fair Trading said so.")), 0.5, 0.99);
        Assert.Equal(0, expanded[0].Match(Terms.Stems("An investigation ends in March.")));
        Assert.Null(expanded[1].Alternatives);
    }

    [Fact]
    public async Task A_typo_is_read_as_the_indexed_word_one_edit_away_but_a_real_word_is_left_alone()
    {
        using var tokenizer = new FtsTokenizer();
        var indexed = await tokenizer.TokenizeAsync(["Kazakhstan", "sanctions", "recognised", "Donbas", "governments"], CancellationToken.None);
        IReadOnlyList<VocabularyTerm> vocabulary = [.. indexed.Select(t => new VocabularyTerm(t.Single(), 2))];
        string[] typed = ["kazakstan", "sanctons", "donbass", "goverments", "armenia", "quixotic"];
        var stems = await tokenizer.TokenizeAsync(typed, CancellationToken.None);
        string? Corrected(string word) => SpellingCorrector.Closest(word, stems[Array.IndexOf(typed, word)].Single(), vocabulary);

        Assert.Equal(indexed[0].Single(), Corrected("kazakstan"));
        Assert.Equal(indexed[1].Single(), Corrected("sanctons"));

        // The index keeps "donba" for "Donbas": two edits from "donbass" itself, none from the index's stem of it.
        Assert.Equal("donba", indexed[3].Single());
        Assert.Equal("donba", Corrected("donbass"));
        Assert.Equal(indexed[4].Single(), Corrected("goverments"));
        Assert.Null(Corrected("armenia"));
        Assert.Null(Corrected("quixotic"));
    }

    [Theory]
    [InlineData("how many planes arrived", AnswerType.Number)]
    [InlineData("when was the eeu founded", AnswerType.Date)]
    [InlineData("who leads kazakhstan", AnswerType.Name)]
    [InlineData("what about crimea", AnswerType.Any)]
    public void The_question_says_what_kind_of_answer_it_wants(string question, AnswerType type) =>
        Assert.Equal(type, AnswerFit.TypeOf(question));

    [Fact]
    public void A_word_the_sources_only_ever_capitalise_is_a_name_even_at_the_start_of_sentences()
    {
        string[] texts = ["Uzbekistan and Kazakhstan have both sent medicine to Ukraine. The union was founded in 2015. Union members trade."];
        WeightedTerm[] terms = [new("uzbekistan", "uzbekistan", 1), new("union", "union", 1), new("medicine", "medicin", 1)];

        var marked = AnswerFit.MarkNames(terms, texts);

        Assert.True(marked[0].IsName);
        Assert.False(marked[1].IsName);
        Assert.False(marked[2].IsName);
    }

    [Fact]
    public void A_how_many_question_needs_a_number_counting_what_it_asks_about()
    {
        static WeightedTerm Term(string word, params string[] related) =>
            new(word, Terms.Stem(word), 1, Alternatives: related.Length == 0 ? null : [.. related.Select(r => new Alternative(r, Terms.Stem(r), 0.8))]);
        WeightedTerm[] tonnes = [Term("tonnes"), Term("aid"), Term("kazakhstan"), Term("send")];
        WeightedTerm[] soldiers = [Term("soldiers", "troops"), Term("moscow"), Term("send")];

        Assert.False(AnswerFit.Fits("Kazakhstan's first batch of humanitarian aid arrived in two planes.", "how many tonnes of aid did kazakhstan send", tonnes));
        Assert.True(AnswerFit.Fits("Kazakhstan sent 40 tonnes of aid.", "how many tonnes of aid did kazakhstan send", tonnes));
        Assert.True(AnswerFit.Fits("Russia sent more than 2,000 troops in January.", "how many soldiers did moscow send", soldiers));

        // Nothing named to count: any number will do, as before.
        Assert.True(AnswerFit.Fits("Twelve people died in the unrest.", "how many were killed in the unrest", [Term("killed"), Term("unrest")]));
    }

    [Fact]
    public void A_how_many_question_needs_a_sentence_with_a_number()
    {
        Assert.True(AnswerFit.HasType("More than 2,000 troops arrived.", AnswerType.Number, new HashSet<string>()));
        Assert.False(AnswerFit.HasType("More aeroplanes arrived later in the month.", AnswerType.Number, new HashSet<string>()));
    }

    [Fact]
    public void Words_in_nearly_every_passage_name_the_topic_and_weigh_less()
    {
        var stats = new TermStatistics(4, new Dictionary<string, long> { ["kazakhstan"] = 4, ["abstained"] = 1 });

        var terms = EvidenceScorer.Weigh(["kazakhstan", "abstained"], stats, []);

        Assert.True(terms[0].IsTopic);
        Assert.False(terms[1].IsTopic);
        Assert.True(terms[0].Weight < terms[1].Weight);
    }

    [Fact]
    public void A_related_word_alone_never_passes_the_distinctive_word_check()
    {
        var stats = new TermStatistics(10, new Dictionary<string, long> { ["soldiers"] = 0, ["troops"] = 1, ["january"] = 1 });
        var related = new Dictionary<string, IReadOnlyList<(string Word, Relation Relation)>> { ["soldiers"] = [("troops", Relation.Derived)] };
        var terms = EvidenceScorer.Weigh(["soldiers"], stats, [], related);

        Assert.False(EvidenceScorer.CoversDistinctiveWords(Terms.Stems("2,000 troops arrived"), terms));
        Assert.InRange(EvidenceScorer.Coverage(Terms.Stems("2,000 troops arrived"), terms), 0.1, 0.99);
    }
}
