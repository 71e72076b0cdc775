/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the results contract: the JSON codec and the ResultsSink that every example uses.

#include "iotsec-test.h"

#include "ns3/config.h"
#include "ns3/iotsec-json.h"
#include "ns3/results-sink.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns3;

namespace
{

/**
 * \param path a file
 * \return its contents ("" if it cannot be read)
 */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/**
 * \param path a path
 * \return true if something exists there
 */
bool
Exists(const std::string& path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief JSON serialization and parsing, including the corner cases a results file can hit.
 */
class JsonCodecTestCase : public TestCase
{
  public:
    JsonCodecTestCase()
        : TestCase("JSON values serialize, parse back, and malformed text is rejected")
    {
    }

  private:
    void DoRun() override
    {
        // Escapes: quote, backslash, control characters, and a non-ASCII UTF-8 string
        std::string tricky = "a\"b\\c\nd\te\x01 \xc3\xa9";
        NS_TEST_ASSERT_MSG_EQ(JsonValue::Quote(tricky),
                              "\"a\\\"b\\\\c\\nd\\te\\u0001 \xc3\xa9\"",
                              "escaping");

        JsonValue obj = JsonValue::Object();
        obj.Set("s", tricky);
        obj.Set("i", int64_t{-9007199254740993}); // not representable as a double
        obj.Set("u", uint32_t{4000000000u});
        obj.Set("d", 0.1);
        obj.Set("big", 1e300);
        obj.Set("t", true);
        obj.Set("n", JsonValue());
        obj.Set("nan", std::numeric_limits<double>::quiet_NaN());
        JsonValue arr = JsonValue::Array();
        arr.Append(1).Append(2.5).Append("x");
        obj.Set("a", arr);
        obj.Set("s", "replaced"); // Set replaces, keeping the key's position

        NS_TEST_ASSERT_MSG_EQ(obj.Keys().front(), "s", "insertion order kept on replace");
        NS_TEST_ASSERT_MSG_EQ(obj.Size(), 9u, "replacing does not add a member");

        for (int indent : {-1, 2})
        {
            std::string text = obj.Dump(indent);
            JsonValue back;
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(JsonValue::Parse(text, back, &error), true, error);
            NS_TEST_ASSERT_MSG_EQ(back.Get("s").AsString(), "replaced", "string");
            NS_TEST_ASSERT_MSG_EQ(back.Get("i").AsInteger(), int64_t{-9007199254740993}, "int");
            NS_TEST_ASSERT_MSG_EQ(back.Get("u").AsInteger(), 4000000000, "unsigned");
            NS_TEST_ASSERT_MSG_EQ(back.Get("d").AsDouble(), 0.1, "0.1 round-trips exactly");
            NS_TEST_ASSERT_MSG_EQ(back.Get("big").AsDouble(), 1e300, "1e300 round-trips");
            NS_TEST_ASSERT_MSG_EQ(back.Get("t").AsBool(), true, "bool");
            NS_TEST_ASSERT_MSG_EQ(back.Get("n").IsNull(), true, "null");
            NS_TEST_ASSERT_MSG_EQ(back.Get("nan").IsNull(), true, "NaN has no JSON form: null");
            NS_TEST_ASSERT_MSG_EQ(back.Get("a").Size(), 3u, "array size");
            NS_TEST_ASSERT_MSG_EQ(back.Get("a").At(2).AsString(), "x", "array element");
        }
        NS_TEST_ASSERT_MSG_EQ(JsonValue(0.1).Dump(), "0.1", "shortest round-trip form");

        JsonValue parsed;
        NS_TEST_ASSERT_MSG_EQ(JsonValue::Parse("\"\\u00e9\\ud83d\\ude00\"", parsed), true, "");
        NS_TEST_ASSERT_MSG_EQ(parsed.AsString(), "\xc3\xa9\xf0\x9f\x98\x80", "\\u and surrogates");

        const char* bad[] = {"",
                             "{",
                             "{\"a\":1,}",
                             "[1 2]",
                             "01",
                             "1.",
                             "-",
                             "\"unterminated",
                             "\"\\x\"",
                             "\"\\ud800\"",
                             "tru",
                             "{\"a\" 1}",
                             "[1]x",
                             "\"a\nb\""};
        for (const char* text : bad)
        {
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(JsonValue::Parse(text, parsed, &error),
                                  false,
                                  "malformed JSON accepted: " << text);
            NS_TEST_EXPECT_MSG_NE(error, "", "no error message for: " << text);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The sink records every declared command-line value with its type, the attribute and
 * global overrides given on the command line, and RngSeed/RngRun.
 */
class ResultsParamsTestCase : public TestCase
{
  public:
    ResultsParamsTestCase()
        : TestCase("the results record every command-line value, override, seed and run")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t nodes = 5;
        double spacing = 40.0;
        bool pcap = false;
        std::string mode = "ssm";
        Time interval = Seconds(1);
        int unset = -3;

        ResultsSink sink("unit-test");
        CommandLine cmd;
        sink.AddValue(cmd, "nodes", "n", nodes);
        sink.AddValue(cmd, "spacing", "m", spacing);
        sink.AddValue(cmd, "pcap", "p", pcap);
        sink.AddValue(cmd, "mode", "m", mode);
        sink.AddValue(cmd, "interval", "i", interval);
        sink.AddValue(cmd, "unset", "not given on the command line", unset);
        sink.Parse(cmd,
                   {"unit-test",
                    "--nodes=7",
                    "--spacing=12.5",
                    "--pcap=true",
                    "--mode=dtls-1n",
                    "--interval=250ms",
                    "--ns3::Ipv6L3Protocol::DefaultTtl=33",
                    "--ChecksumEnabled=1",
                    "--RngRun=9"});

        JsonValue r = sink.ToJson();
        const JsonValue& p = r.Get("params");
        NS_TEST_ASSERT_MSG_EQ(p.Get("nodes").GetType(), JsonValue::INTEGER, "integer stays one");
        NS_TEST_ASSERT_MSG_EQ(p.Get("nodes").AsInteger(), 7, "parsed value, not the default");
        NS_TEST_ASSERT_MSG_EQ(p.Get("spacing").AsDouble(), 12.5, "double");
        NS_TEST_ASSERT_MSG_EQ(p.Get("pcap").AsBool(), true, "bool");
        NS_TEST_ASSERT_MSG_EQ(p.Get("mode").AsString(), "dtls-1n", "string");
        NS_TEST_ASSERT_MSG_EQ(p.Get("interval").AsDouble(), 0.25, "Time in seconds");
        NS_TEST_ASSERT_MSG_EQ(p.Get("unset").AsInteger(), -3, "defaults are recorded too");
        NS_TEST_ASSERT_MSG_EQ(p.Get("ns3::Ipv6L3Protocol::DefaultTtl").AsString(),
                              "33",
                              "attribute override recorded verbatim");
        NS_TEST_ASSERT_MSG_EQ(p.Get("ChecksumEnabled").AsString(), "1", "global value recorded");
        NS_TEST_ASSERT_MSG_EQ(p.Has("RngRun"), false, "RngRun is top-level, not a param");
        NS_TEST_ASSERT_MSG_EQ(p.Has("results"), false, "--results is not a scenario param");
        NS_TEST_ASSERT_MSG_EQ(r.Get("rngRun").AsInteger(), 9, "rngRun");
        NS_TEST_ASSERT_MSG_EQ(r.Get("rngSeed").AsInteger(),
                              static_cast<int64_t>(RngSeedManager::GetSeed()),
                              "rngSeed");
        NS_TEST_ASSERT_MSG_EQ(r.Get("scenario").AsString(), "unit-test", "scenario");

        // A value changed after parsing (a scenario normalising its input) is what is recorded
        nodes = 11;
        NS_TEST_ASSERT_MSG_EQ(sink.ToJson().Get("params").Get("nodes").AsInteger(),
                              11,
                              "the final value is recorded");

        // Undo the global state this test changed
        RngSeedManager::SetRun(1);
        Config::Reset();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief ResultsSink::FormatValue, which the examples' printed tables use: fixed decimals,
 * rounded half away from zero as printf does, and "n/a" for a value not measured (NaN).
 */
class ResultsFormatTestCase : public TestCase
{
  public:
    ResultsFormatTestCase()
        : TestCase("FormatValue: fixed decimals, and not measured for NaN")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::FormatValue(0.2175, 4), "0.2175", "four decimals");
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::FormatValue(5932, 0), "5932", "no decimals");
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::FormatValue(1.0 / 3, 3), "0.333", "rounded down");
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::FormatValue(2.0 / 3, 3), "0.667", "rounded up");
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::FormatValue(std::nan(""), 3), "n/a", "not measured");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The JSON file follows the contract, is written atomically, and an unwritable path
 * is refused.
 */
class ResultsFileTestCase : public TestCase
{
  public:
    ResultsFileTestCase()
        : TestCase("the results file follows the contract; unwritable paths fail loudly")
    {
    }

  private:
    void DoRun() override
    {
        // Unwritable paths are refused, with a reason
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            ResultsSink::CheckWritable("/nonexistent-iotsec-dir/sub/r.json", &error),
            false,
            "a path in a missing directory is not writable");
        NS_TEST_ASSERT_MSG_NE(error, "", "a reason is given");
        std::string dir = CreateTempDirFilename("");
        error.clear();
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::CheckWritable(dir, &error),
                              false,
                              "a directory is not a results file");
        NS_TEST_ASSERT_MSG_NE(error, "", "a reason is given");
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::CheckWritable("", &error), false, "empty path");

        // A run that writes its results
        std::string path = CreateTempDirFilename("results.json");
        std::remove(path.c_str());
        NS_TEST_ASSERT_MSG_EQ(ResultsSink::CheckWritable(path, &error), true, error);
        NS_TEST_ASSERT_MSG_EQ(Exists(path), false, "checking does not create the file");

        uint32_t n = 4;
        ResultsSink sink("file-test");
        CommandLine cmd;
        sink.AddValue(cmd, "n", "n", n);
        sink.Parse(cmd, {"file-test", "--results=" + path});
        NS_TEST_ASSERT_MSG_EQ(sink.GetResultsPath(), path, "--results is parsed");
        Simulator::Schedule(Seconds(2), []() {});
        Simulator::Schedule(Seconds(3), []() {});
        Simulator::Run();
        sink.SetMetric("latency_s", 0.125);
        sink.SetMetric("frames", 42);
        NS_TEST_ASSERT_MSG_EQ(sink.HasMetric("frames"), true, "metric set");
        NS_TEST_ASSERT_MSG_EQ(sink.Finish(), 0, "Finish succeeds");
        Simulator::Destroy();

        JsonValue r;
        NS_TEST_ASSERT_MSG_EQ(JsonValue::Parse(ReadFile(path), r, &error), true, error);
        // Every key of the contract, with its type
        const char* keys[] = {"scenario",
                              "params",
                              "rngSeed",
                              "rngRun",
                              "ns3Version",
                              "module",
                              "metrics",
                              "wallClock_s",
                              "events"};
        for (const char* key : keys)
        {
            NS_TEST_ASSERT_MSG_EQ(r.Has(key), true, "contract key missing: " << key);
        }
        NS_TEST_ASSERT_MSG_EQ(r.Get("scenario").AsString(), "file-test", "scenario");
        NS_TEST_ASSERT_MSG_EQ(r.Get("params").Get("n").AsInteger(), 4, "params");
        NS_TEST_ASSERT_MSG_EQ(r.Get("module").Get("git").GetType(), JsonValue::STRING, "git");
        NS_TEST_ASSERT_MSG_NE(r.Get("ns3Version").AsString(), "", "ns-3 version");
        NS_TEST_ASSERT_MSG_EQ(r.Get("metrics").Get("latency_s").AsDouble(), 0.125, "metric");
        NS_TEST_ASSERT_MSG_EQ(r.Get("metrics").Get("frames").AsInteger(), 42, "metric");
        NS_TEST_ASSERT_MSG_EQ(r.Get("events").AsInteger(), 2, "two events were executed");
        NS_TEST_ASSERT_MSG_EQ(r.Get("simTime_s").AsDouble(), 3.0, "simulated time reached");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(r.Get("wallClock_s").AsDouble(), 0.0, "wall clock");

        // No temporary file is left behind
        std::string tmp = path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
        NS_TEST_ASSERT_MSG_EQ(Exists(tmp), false, "temporary file removed");

        // Finish reports failure (and writes nothing) when the path became unwritable
        std::string gone = CreateTempDirFilename("gone");
        ::mkdir(gone.c_str(), 0700);
        std::string lost = gone + "/r.json";
        ResultsSink late("file-test");
        CommandLine cmd2;
        late.Parse(cmd2, {"file-test", "--results=" + lost});
        ::rmdir(gone.c_str());
        NS_TEST_ASSERT_MSG_EQ(late.Finish(), 1, "a failed write is an error status");
        NS_TEST_ASSERT_MSG_EQ(Exists(lost), false, "nothing written");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The results-contract test suite.
 */
class ResultsSinkTestSuite : public TestSuite
{
  public:
    ResultsSinkTestSuite()
        : TestSuite("iotsec-results-sink", Type::UNIT)
    {
        AddTestCase(new JsonCodecTestCase, iotsectest::QUICK);
        AddTestCase(new ResultsParamsTestCase, iotsectest::QUICK);
        AddTestCase(new ResultsFileTestCase, iotsectest::QUICK);
        AddTestCase(new ResultsFormatTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static ResultsSinkTestSuite g_resultsSinkTestSuite;
