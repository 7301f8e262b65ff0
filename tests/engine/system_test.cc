// The system endpoints against the real engine: ping, version, info, and the event stream.
#include "docker/system.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include "docker/containers.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::docker {
namespace {

using engine_test::EngineTest;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

class SystemEngineTest : public EngineTest {
 protected:
  // A created (not started) container carrying `label`=1.
  std::string CreateLabelled(const std::string& label) {
    ContainerSpec spec;
    spec.name = engine_test::UniqueName("events");
    spec.image = std::string(engine_test::kBaseImage);
    spec.cmd = {"true"};
    spec.labels = {{label, "1"}};
    Result<CreatedContainer> created = ContainerApi(engine()).Create(spec);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    if (!created.ok()) return {};
    cleanup().Container(created->id);
    return created->id;
  }
};

TEST_F(SystemEngineTest, PingAnswersOk) { EXPECT_TRUE(SystemApi(engine()).Ping().ok()); }

TEST_F(SystemEngineTest, NegotiatedVersionIsTheOlderOfServersAndOurs) {
  Result<VersionInfo> version = SystemApi(engine()).Version();
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_FALSE(version->version.empty());
  EXPECT_EQ(engine().api_version(), OlderApiVersion(version->api_version, kMaxApiVersion));
}

TEST_F(SystemEngineTest, InfoReportsRuntimesAndWhetherNvidiaIsOne) {
  Result<SystemInfo> info = SystemApi(engine()).Info();
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_NE(std::find(info->runtimes.begin(), info->runtimes.end(), "runc"), info->runtimes.end());
  bool listed =
      std::find(info->runtimes.begin(), info->runtimes.end(), "nvidia") != info->runtimes.end();
  EXPECT_EQ(info->has_nvidia_runtime, listed);
  EXPECT_GT(info->cpus, 0);
  EXPECT_GT(info->memory_bytes, 0);
}

TEST_F(SystemEngineTest, EventsStreamOnlyWhatTheFiltersSelect) {
  std::string label = engine_test::UniqueName("label");
  EventQuery query;
  query.filters = {{"type", {"container"}}, {"label", {label}}};
  Result<std::unique_ptr<EventStream>> events = SystemApi(engine()).Events(query);
  ASSERT_TRUE(events.ok()) << events.error().ToString();

  CreateLabelled(engine_test::UniqueName("other-label"));  // filtered out
  std::string id = CreateLabelled(label);
  ASSERT_TRUE(ContainerApi(engine()).Start(id).ok());

  std::vector<std::string> actions;
  while (actions.size() < 2) {
    Result<std::optional<Event>> event = (*events)->Next();
    ASSERT_TRUE(event.ok()) << event.error().ToString();
    ASSERT_TRUE(event->has_value());
    EXPECT_EQ((*event)->actor_id, id);
    EXPECT_EQ((*event)->attributes.at(label), "1");
    actions.push_back((*event)->action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "start"}));
}

TEST_F(SystemEngineTest, EventsEndByThemselvesAtUntil) {
  EventQuery query;
  query.since = std::time(nullptr) - 1;
  query.until = std::time(nullptr) + 1;
  query.filters = {{"label", {engine_test::UniqueName("nothing")}}};
  Result<std::unique_ptr<EventStream>> events = SystemApi(engine()).Events(query);
  ASSERT_TRUE(events.ok()) << events.error().ToString();
  auto started = steady_clock::now();
  Result<std::optional<Event>> event = (*events)->Next();
  ASSERT_TRUE(event.ok()) << event.error().ToString();
  EXPECT_FALSE(event->has_value());
  EXPECT_LT(steady_clock::now() - started, milliseconds(3000));
}

TEST_F(SystemEngineTest, CancelFromAnotherThreadEndsTheStreamWithoutLeaking) {
  int fds_before = engine_test::OpenFdCount();
  {
    // A fresh engine, gone at the end of the scope, so pooled connections cannot blur the count.
    Result<std::unique_ptr<Engine>> own = Engine::Connect(engine_test::TestEngineAddress());
    ASSERT_TRUE(own.ok()) << own.error().ToString();
    EventQuery query;
    query.filters = {{"label", {engine_test::UniqueName("quiet")}}};
    Result<std::unique_ptr<EventStream>> events = SystemApi(**own).Events(query);
    ASSERT_TRUE(events.ok()) << events.error().ToString();
    EventStream& stream = **events;
    std::thread canceller([&stream] {
      std::this_thread::sleep_for(milliseconds(200));
      stream.Cancel();
    });
    auto started = steady_clock::now();
    Result<std::optional<Event>> event = stream.Next();
    auto waited = steady_clock::now() - started;
    canceller.join();
    ASSERT_FALSE(event.ok());
    EXPECT_EQ(event.error().code, ErrorCode::kCancelled);
    EXPECT_LT(waited, milliseconds(1500));
    EXPECT_TRUE(SystemApi(**own).Ping().ok()) << "the engine still answers after the cancel";
  }
  EXPECT_EQ(engine_test::OpenFdCount(), fds_before);
}

}  // namespace
}  // namespace ds01::docker
