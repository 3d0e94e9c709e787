using System.Text;

namespace KzBot.Core.Tests;

/// <summary>
/// A generated folder of hostile entries mixed with good files: the scan must end within a bound, index every
/// good file and report every bad one, whatever the random seed lays out.
/// </summary>
public class HostileFolderFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_good_file_is_indexed_and_every_bad_one_reported(int seed)
    {
        var random = new Random(seed);
        var good = new List<string>();
        var bad = new List<string>();
        var outside = Directory.CreateTempSubdirectory("kzbot-fuzz-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "Secret\n\nThis must never be indexed.");

        await using var host = TestHost.Create(
            dir =>
            {
                var folders = new List<string> { dir };
                var deep = dir;
                for (var level = 0; level < 60; level++)
                {
                    deep = Path.Combine(deep, "level" + level);
                }

                Directory.CreateDirectory(deep);
                folders.Add(deep);
                for (var i = 0; i < 8; i++)
                {
                    var sub = Path.Combine(folders[random.Next(folders.Count)], OddName(random, i));
                    Directory.CreateDirectory(sub);
                    folders.Add(sub);
                }

                string Place(string name) => Path.Combine(folders[random.Next(folders.Count)], name);

                for (var i = 0; i < 30; i++)
                {
                    var path = Place(OddName(random, i) + (i % 3 == 0 ? ".md" : ".txt"));
                    File.WriteAllText(path, $"Title {i}\n\nThe report number{i} says exports rose by {random.Next(100)} percent.");
                    good.Add(path);
                }

                var utf16 = Place("wide.txt");
                File.WriteAllText(utf16, "Wide\n\nA UTF-16 file with a byte-order mark.", Encoding.Unicode);
                good.Add(utf16);

                for (var i = 0; i < 10; i++)
                {
                    var bytes = new byte[random.Next(16, 4096)];
                    random.NextBytes(bytes);
                    bytes[random.Next(bytes.Length)] = 0;
                    bytes[0] = 0x41;
                    var path = Place($"noise{i}" + (i % 2 == 0 ? ".txt" : ".pdf"));
                    File.WriteAllBytes(path, bytes);
                    bad.Add(path);
                }

                void Bad(string path, Action<string> make)
                {
                    make(path);
                    bad.Add(path);
                }

                Bad(Place("truncated.pdf"), p => File.WriteAllBytes(p, Pdfs.OnePage("Cut short.")[..200]));
                Bad(Place("bomb.pdf"), p => File.WriteAllBytes(p, Pdfs.Compressed(300_000)));
                Bad(Place("empty.md"), p => File.WriteAllText(p, "  \n\n "));
                Bad(Place("too-big.txt"), p => File.WriteAllText(p, new string('x', 300_000)));
                Bad(Place("pipe.txt"), p => Mono.Unix.Native.Syscall.mkfifo(p, Mono.Unix.Native.FilePermissions.DEFFILEMODE));
                Bad(Place("zero.txt"), p => File.CreateSymbolicLink(p, "/dev/zero"));
                Bad(Place("secret.txt"), p => File.CreateSymbolicLink(p, Path.Combine(outside, "secret.txt")));
                Bad(Place("dangling.txt"), p => File.CreateSymbolicLink(p, Path.Combine(outside, "missing.txt")));
                Bad(Place("loop"), p => File.CreateSymbolicLink(p, "."));
                Bad(Place("up"), p => File.CreateSymbolicLink(p, ".."));
                Bad(Place("away"), p => File.CreateSymbolicLink(p, outside));
            },
            new() { ["Sources:MaxFileBytes"] = "200000", ["Sources:MaxTextChars"] = "100000" });

        var report = await host.ReloadAsync().WaitAsync(HostileSourcesTests.Bound);

        var prefix = host.SourceDir;
        string Key(string path) => prefix + path[prefix.Length..];
        Assert.Equal(good.Select(Key).Order(StringComparer.Ordinal), report.Added.Order(StringComparer.Ordinal));
        Assert.Equal(bad.Select(Key).Order(StringComparer.Ordinal), report.Failed.Select(f => f.Source).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("never be indexed", (await host.SayAsync("/sources")).Text);
        Directory.Delete(outside, recursive: true);
    }

    private static string OddName(Random random, int i)
    {
        string[] shapes =
        [
            $"plain{i}",
            $"with space {i}",
            $"back\\slash{i}",
            $"esc\u001b[31m{i}",
            $"new\nline{i}",
            $"-dash{i}",
            $"юникод{i}",
            $"emoji🙂{i}",
            $"rtl\u202e{i}",
            new string('n', 200) + i,
        ];
        return shapes[random.Next(shapes.Length)];
    }
}
