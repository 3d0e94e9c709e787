using KzBot.Core.Text;

namespace KzBot.Core.Tests;

public class PlaceNamesTests
{
    [Theory]
    [InlineData("Did Astana side with Moscow at the UN?", "Did Kazakhstan side with Russia at the UN?")]
    [InlineData("Which region might the Kremlin have designs on?", "Which region might Russia have designs on?")]
    [InlineData("Aid for Kyiv and Kiev", "Aid for Ukraine and Ukraine")]
    [InlineData("Is Moscovite a word? Almaty stays.", "Is Moscovite a word? Almaty stays.")]
    public void Capitals_are_searched_as_their_countries(string question, string expected) =>
        Assert.Equal(expected, PlaceNames.ToCountries(question));
}
