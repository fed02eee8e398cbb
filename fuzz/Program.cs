using Evpnd.Fuzz;
using SharpFuzz;

// fuzz/run drives this; see fuzz/README.md.
//   Evpnd.Fuzz afl TARGET                     one target under afl-fuzz (SharpFuzz forkserver)
//   Evpnd.Fuzz seed TARGET VECTORS_DIR OUT    the target's seed corpus from tests/Vectors
//   Evpnd.Fuzz replay TARGET FILE...          runs inputs (e.g. afl's crashes/) and prints what each did
if (args.Length >= 2 && FuzzTargets.All.TryGetValue(args[1], out var target))
{
    switch (args[0])
    {
        case "afl" when args.Length == 2:
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                target(copy.GetBuffer().AsSpan(0, (int)copy.Length));
            });
            return 0;
        case "seed" when args.Length == 4:
            Console.WriteLine($"{args[1]}: {SeedCorpus.Write(args[1], args[2], args[3])} seeds in {args[3]}");
            return 0;
        case "replay" when args.Length >= 3:
            int crashes = 0;
            foreach (var file in args[2..])
            {
                try
                {
                    Console.WriteLine($"{file}: {target(File.ReadAllBytes(file))}");
                }
                catch (Exception e)
                {
                    crashes++;
                    Console.WriteLine($"{file}: CRASH {e}");
                }
            }
            return crashes == 0 ? 0 : 1;
    }
}
Console.Error.WriteLine($"usage: Evpnd.Fuzz afl|seed|replay TARGET ...; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
return 64;
