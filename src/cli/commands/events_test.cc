#include "cli/commands/events.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "api/wire_event.h"
#include "cli/exit_status.h"
#include "cli/run.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

// 2024-01-01T00:00:00Z (testing::kNow) in Unix seconds.
constexpr std::int64_t kNowSeconds = 1704067200;

// Two lines of the feed, as ds01d writes them.
const std::string kStart = api::DumpWire(api::Event{41, testing::MinutesFromStart(-5), "alice",
                                                    "start", "alice", "train", "ok", "GPU 0"});
const std::string kFailedStop = api::DumpWire(
    api::Event{42, testing::MinutesFromStart(0), "ds01d", "stop", "alice", "train", "failed", ""});

std::int64_t Since(std::string_view text) {
  auto seconds = ParseSince(text, FakeClock::DefaultStart());
  EXPECT_TRUE(seconds.ok()) << text << ": " << seconds.error().message;
  return seconds.ok() ? *seconds : -1;
}

TEST(EventsFlags, TakeFollowSinceOwnerAndFormat) {
  EventsOptions options;
  ArgSpec spec("events");
  DeclareEvents(spec, options);
  ASSERT_TRUE(spec.Parse({"-f", "--since", "10m", "--owner=bob", "--format=json"}).ok());
  EXPECT_TRUE(options.follow);
  EXPECT_EQ(options.since, "10m");
  EXPECT_EQ(options.owner, "bob");
  EXPECT_EQ(options.format, OutputFormat::kJson);
}

TEST(EventsFlags, OnlyTableAndJsonAreFormats) {
  EventsOptions options;
  ArgSpec spec("events");
  DeclareEvents(spec, options);
  Status parsed = spec.Parse({"--format=simple"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "unknown format 'simple'");
  EXPECT_EQ(parsed.error().hint, "use --format=table or --format=json");
}

TEST(ParseSince, ReadsRfc3339Times) {
  EXPECT_EQ(Since("2026-12-04T10:00:00Z"), 1796378400);
  EXPECT_EQ(Since("2026-12-04T11:00:00.750+01:00"), 1796378400);
}

TEST(ParseSince, ReadsUnixSeconds) {
  EXPECT_EQ(Since("1796378400"), 1796378400);
  EXPECT_EQ(Since("0"), 0);
}

TEST(ParseSince, ReadsDurationsAsThatLongBeforeNow) {
  EXPECT_EQ(Since("45s"), kNowSeconds - 45);
  EXPECT_EQ(Since("10m"), kNowSeconds - 600);
  EXPECT_EQ(Since("1h"), kNowSeconds - 3600);
  EXPECT_EQ(Since("2h30m"), kNowSeconds - 9000);
  EXPECT_EQ(Since("1d"), kNowSeconds - 86400);
  EXPECT_EQ(Since("1d2h3m4s"), kNowSeconds - 93784);
  EXPECT_EQ(Since("100000d"), 0);  // before 1970: everything
}

TEST(ParseSince, RefusesAnythingElseNamingTheThreeForms) {
  for (const char* bad : {"", "yesterday", "10x", "h", "2h30", "-5m", "1.5h", "2h 30m",
                          "2024-01-01", "2024-01-01T00:00:00", "-1796378400"}) {
    auto seconds = ParseSince(bad, FakeClock::DefaultStart());
    ASSERT_FALSE(seconds.ok()) << bad;
    EXPECT_EQ(seconds.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(seconds.error().message,
              "--since takes an RFC 3339 time, Unix seconds or a "
              "duration ago, not '" +
                  std::string(bad) + "'");
  }
}

TEST(RunEvents, ShowsTheLastHourAsATable) {
  TestSession t;
  testing::LocalTimeZone utc("UTC0");
  t.daemon.StreamAnswer("GET", "/v1/events", {kStart, kFailedStop});
  ASSERT_TRUE(RunEvents(t.session, {}).ok());
  EXPECT_EQ(t.out.str(),
            "TIME                  CONTAINER                  ACTION                 BY           "
            "DETAIL\n"
            "2023-12-31 23:55:00   alice/train                start                  alice        "
            "GPU 0\n"
            "2024-01-01 00:00:00   alice/train                stop (failed)          ds01d\n");
}

TEST(RunEvents, AsksForSinceFollowAndOwner) {
  TestSession t;
  t.daemon.StreamAnswer("GET", "/v1/events?since=1704066600&follow=1&owner=b%26b", {},
                        MakeError(ErrorCode::kUnavailable, "gone"));
  EventsOptions options;
  options.follow = true;
  options.since = "10m";
  options.owner = "b&b";
  EXPECT_FALSE(RunEvents(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].target, "/v1/events?since=1704066600&follow=1&owner=b%26b");
}

TEST(RunEvents, JsonPassesEachLineThroughAsReceived) {
  TestSession t;
  t.daemon.StreamAnswer("GET", "/v1/events", {kStart, kFailedStop});
  EventsOptions options;
  options.format = OutputFormat::kJson;
  ASSERT_TRUE(RunEvents(t.session, options).ok());
  EXPECT_EQ(t.out.str(), kStart + "\n" + kFailedStop + "\n");
}

TEST(RunEvents, FlushesEachEventAsItArrives) {
  // Keeps what had been written at each flush.
  class FlushLog : public std::stringbuf {
   public:
    std::vector<std::string> flushed;

   protected:
    int sync() override {
      flushed.push_back(str());
      return 0;
    }
  };
  TestSession t;
  FlushLog log;
  std::ostream out(&log);
  Session session{t.daemon, t.in, out, t.err, false, 1001, t.clock, t.pacer, {}};
  t.daemon.StreamAnswer("GET", "/v1/events", {kStart, kFailedStop});
  EventsOptions options;
  options.format = OutputFormat::kJson;
  ASSERT_TRUE(RunEvents(session, options).ok());
  EXPECT_EQ(log.flushed,
            (std::vector<std::string>{kStart + "\n", kStart + "\n" + kFailedStop + "\n"}));
}

TEST(RunEvents, AMalformedEventEndsTheStreamWithAClearError) {
  TestSession t;
  nlohmann::json late = nlohmann::json::parse(kFailedStop);
  late.erase("time");
  t.daemon.StreamAnswer("GET", "/v1/events", {kStart, late.dump(), kFailedStop});
  EXPECT_EQ(RunCommandLine(t.session, "events", {}), kExitError);
  EXPECT_EQ(t.out.str().find("ds01d"), std::string::npos) << "nothing after it is shown";
  EXPECT_EQ(t.err.str(),
            "Error: ds01d answered GET /v1/events with a malformed object: key 'time' not found\n"
            "Fix: check that DS01_SOCKET points at ds01d and that ds01 and ds01d match\n");
}

TEST(RunEvents, SaysSoWhenThereIsNothing) {
  TestSession t;
  testing::LocalTimeZone utc("UTC0");
  t.daemon.StreamAnswer("GET", "/v1/events", {});
  ASSERT_TRUE(RunEvents(t.session, {}).ok());
  EXPECT_EQ(t.out.str(), "No events in the last hour.\n");
  TestSession since;
  since.daemon.StreamAnswer("GET", "/v1/events?since=1704066600", {});
  EventsOptions options;
  options.since = "10m";
  ASSERT_TRUE(RunEvents(since.session, options).ok());
  EXPECT_EQ(since.out.str(), "No events since 2023-12-31 23:50:00.\n");
}

TEST(RunEvents, AFollowTheDaemonEndsExitsUnreachable) {
  TestSession t;
  t.daemon.StreamAnswer("GET", "/v1/events?follow=1", {kFailedStop});
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"events", "--follow", "--format=json"}),
            kExitUnreachable);
  EXPECT_EQ(t.out.str(), kFailedStop + "\n");
  EXPECT_EQ(t.err.str(),
            "Error: ds01d ended the event stream\n"
            "Fix: check that ds01d is running (systemctl status ds01d); once it is back, run "
            "ds01 events again with --since (e.g. --since=10m) to see what you missed\n");
}

TEST(RunEvents, AFollowBrokenOffExitsUnreachableWithTheReason) {
  TestSession t;
  t.daemon.StreamAnswer("GET", "/v1/events?follow=1", {kStart},
                        MakeError(ErrorCode::kUnavailable, "ds01d broke off", "check ds01d"));
  EXPECT_EQ(RunCommandLine(t.session, "events", {"-f"}), kExitUnreachable);
  EXPECT_EQ(t.err.str(), "Error: ds01d broke off\nFix: check ds01d\n");
}

TEST(RunEvents, TheDaemonsRefusalIsTheErrorAndPrintsNothing) {
  TestSession t;
  t.daemon.StreamAnswer(
      "GET", "/v1/events?owner=bob", {},
      MakeError(ErrorCode::kPermissionDenied, "only admins may use --owner", "leave out --owner"));
  EXPECT_EQ(RunCommandLine(t.session, "events", {"--owner=bob"}), kExitRefused);
  EXPECT_EQ(t.out.str(), "");
  EXPECT_EQ(t.err.str(), "Error: only admins may use --owner\nFix: leave out --owner\n");
}

TEST(RunEvents, ABadSinceIsAUsageErrorBeforeAnyRequest) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"events", "--since=yesterday"}), kExitUsage);
  EXPECT_TRUE(
      t.err.str().starts_with("Error: --since takes an RFC 3339 time, Unix seconds or a "
                              "duration ago, not 'yesterday'\nFix: for example "))
      << t.err.str();
  EXPECT_TRUE(t.daemon.requests.empty());
}

}  // namespace
}  // namespace ds01::cli
