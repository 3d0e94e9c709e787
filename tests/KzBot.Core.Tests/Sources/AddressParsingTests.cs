using System.Net;
using KzBot.Core.Sources.Fetching;

namespace KzBot.Core.Tests.Sources;

public class AddressParsingTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("0x7F.0.0.1", "127.0.0.1")]
    [InlineData("0177.0.0.01", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("[::ffff:127.0.0.1]", "::ffff:127.0.0.1")]
    public void Every_IPv4_spelling_reads_as_the_same_address(string host, string expected)
    {
        Assert.True(HostAddress.TryParse(host, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("08.1.1.1")]
    [InlineData("4294967296")]
    public void Names_and_impossible_numbers_are_not_addresses(string host) => Assert.False(HostAddress.TryParse(host, out _));

    [Theory]
    [InlineData("127.0.0.1", "a loopback")]
    [InlineData("10.0.0.1", "a private")]
    [InlineData("172.31.255.255", "a private")]
    [InlineData("192.168.1.1", "a private")]
    [InlineData("169.254.169.254", "a link-local")]
    [InlineData("100.127.0.1", "a shared (carrier-grade NAT)")]
    [InlineData("224.0.0.1", "a multicast")]
    [InlineData("0.0.0.0", "an unspecified")]
    [InlineData("::", "an unspecified")]
    [InlineData("::1", "a loopback")]
    [InlineData("fd12:3456::1", "a private")]
    [InlineData("fe80::1", "a link-local")]
    [InlineData("ff02::1", "a multicast")]
    [InlineData("::ffff:192.168.0.1", "a private")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local")]
    [InlineData("2002:7f00:1::", "a loopback")]
    public void Addresses_that_are_not_public_are_named(string address, string kind) =>
        Assert.Equal(kind, AddressPolicy.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_pass(string address) => Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address)));

    [Fact]
    public void Robots_rules_pick_the_longest_match_and_our_own_group()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\n\nUser-agent: KzBot\nDisallow: /private/\nAllow: /private/open\n", "KzBot/1.0 (x)");
        Assert.True(rules.Allows(new Uri("http://a.test/news")));
        Assert.False(rules.Allows(new Uri("http://a.test/private/x")));
        Assert.True(rules.Allows(new Uri("http://a.test/private/open/1")));
        Assert.False(RobotsRules.Parse("User-agent: *\nDisallow: /*.pdf$\n", "KzBot/1.0").Allows(new Uri("http://a.test/doc/a.pdf")));
    }
}
