// The exec endpoints against the real engine, in a running busybox container.
#include "docker/exec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "docker/containers.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::docker {
namespace {

using engine_test::EngineTest;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::HasSubstr;

class ExecEngineTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    ContainerSpec spec;
    spec.name = engine_test::UniqueName("exec");
    spec.image = std::string(engine_test::kBaseImage);
    spec.cmd = {"sleep", "300"};
    ContainerApi containers(engine());
    Result<CreatedContainer> created = containers.Create(spec);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    cleanup().Container(created->id);
    container_ = created->id;
    Status started = containers.Start(container_);
    ASSERT_TRUE(started.ok()) << started.error().ToString();
  }

  ExecApi api() { return ExecApi(engine()); }

  ExecSpec Command(std::vector<std::string> cmd) {
    ExecSpec spec;
    spec.cmd = std::move(cmd);
    return spec;
  }

  std::string container_;
};

TEST_F(ExecEngineTest, RunSplitsStdoutAndStderrAndReportsTheExitCode) {
  Result<ExecResult> result =
      api().Run(container_, Command({"sh", "-c", "echo out; echo err >&2; exit 42"}));
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->out, "out\n");
  EXPECT_EQ(result->err, "err\n");
  EXPECT_EQ(result->exit_code, 42);
}

TEST_F(ExecEngineTest, CreateAppliesEnvWorkdirAndUser) {
  ExecSpec spec = Command({"sh", "-c", "echo $GREETING; pwd; id -u"});
  spec.env = {{"GREETING", "hi there"}};
  spec.working_dir = "/tmp";
  spec.user = "1234:1234";
  Result<ExecResult> result = api().Run(container_, spec);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->out, "hi there\n/tmp\n1234\n");
}

TEST_F(ExecEngineTest, TtyOutputIsRawOnStdout) {
  ExecSpec spec = Command({"sh", "-c", "echo out; echo err >&2; test -t 1"});
  spec.tty = true;
  Result<ExecResult> result = api().Run(container_, spec);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->out, "out\r\nerr\r\n");
  EXPECT_EQ(result->err, "");
  EXPECT_EQ(result->exit_code, 0) << "stdout is a terminal";
}

TEST_F(ExecEngineTest, DetachedStartRunsInTheBackground) {
  Result<std::string> id =
      api().Create(container_, Command({"sh", "-c", "sleep 0.5; echo done > /tmp/marker"}));
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  ASSERT_TRUE(api().StartDetached(*id).ok());
  Result<ExecInspect> running = api().Inspect(*id);
  ASSERT_TRUE(running.ok());
  EXPECT_TRUE(running->running);
  EXPECT_FALSE(running->exit_code.has_value());
  EXPECT_EQ(running->container_id, container_);

  std::optional<int> exit_code;
  for (auto deadline = steady_clock::now() + seconds(10);
       steady_clock::now() < deadline && !exit_code;) {
    std::this_thread::sleep_for(milliseconds(100));
    Result<ExecInspect> inspect = api().Inspect(*id);
    ASSERT_TRUE(inspect.ok());
    exit_code = inspect->exit_code;
  }
  EXPECT_EQ(exit_code, 0);
  Result<ExecResult> marker = api().Run(container_, Command({"cat", "/tmp/marker"}));
  ASSERT_TRUE(marker.ok());
  EXPECT_EQ(marker->out, "done\n");
}

TEST_F(ExecEngineTest, HijackedStdinReachesTheProcessAndHalfCloseEndsIt) {
  ExecSpec spec = Command({"sh", "-c", "wc -c; echo stderr-too >&2"});
  spec.attach_stdin = true;
  Result<std::string> id = api().Create(container_, spec);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  Result<std::unique_ptr<HijackedStream>> stream = api().StartHijacked(*id, false);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  std::string input(1 << 20, 'x');
  ASSERT_TRUE((*stream)->Write(input).ok());
  ASSERT_TRUE((*stream)->CloseStdin().ok());
  Result<CollectedOutput> output = (*stream)->ReadAll();
  ASSERT_TRUE(output.ok()) << output.error().ToString();
  EXPECT_THAT(output->out, HasSubstr("1048576"));
  EXPECT_EQ(output->err, "stderr-too\n");
  Result<int> exit_code = api().ExitCode(*id);
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
}

TEST_F(ExecEngineTest, InspectReportsTheExitCodeAfterTheOutputEnds) {
  Result<std::string> id = api().Create(container_, Command({"sh", "-c", "exit 5"}));
  ASSERT_TRUE(id.ok());
  Result<std::unique_ptr<OutputStream>> output = api().Start(*id, false);
  ASSERT_TRUE(output.ok()) << output.error().ToString();
  ASSERT_TRUE((*output)->ReadAll().ok());
  Result<int> exit_code = api().ExitCode(*id);
  ASSERT_TRUE(exit_code.ok()) << exit_code.error().ToString();
  EXPECT_EQ(*exit_code, 5);
  Result<ExecInspect> inspect = api().Inspect(*id);
  ASSERT_TRUE(inspect.ok());
  EXPECT_FALSE(inspect->running);
  EXPECT_EQ(inspect->exit_code, 5);
}

TEST_F(ExecEngineTest, ResizeSetsTheExecsTtySize) {
  ExecSpec spec = Command({"sh", "-c", "sleep 0.5; stty size"});
  spec.tty = true;
  spec.attach_stdin = true;
  Result<std::string> id = api().Create(container_, spec);
  ASSERT_TRUE(id.ok());
  Result<std::unique_ptr<HijackedStream>> stream = api().StartHijacked(*id, true);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  Status resized = api().Resize(*id, 33, 77);
  ASSERT_TRUE(resized.ok()) << resized.error().ToString();
  Result<CollectedOutput> output = (*stream)->ReadAll();
  ASSERT_TRUE(output.ok()) << output.error().ToString();
  EXPECT_THAT(output->out, HasSubstr("33 77"));
}

TEST_F(ExecEngineTest, LargeOutputArrivesComplete) {
  Result<std::string> id =
      api().Create(container_, Command({"sh", "-c", "head -c 67108864 /dev/zero; echo end >&2"}));
  ASSERT_TRUE(id.ok());
  Result<std::unique_ptr<HijackedStream>> stream = api().StartHijacked(*id, false);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  std::size_t out_bytes = 0;
  std::string err;
  bool all_zero = true;
  for (;;) {
    Result<std::optional<OutputChunk>> chunk = (*stream)->Next();
    ASSERT_TRUE(chunk.ok()) << chunk.error().ToString();
    if (!*chunk) break;
    if ((*chunk)->stream == StreamType::kStderr) {
      err.append((*chunk)->data);
      continue;
    }
    out_bytes += (*chunk)->data.size();
    all_zero = all_zero && (*chunk)->data.find_first_not_of('\0') == std::string_view::npos;
  }
  EXPECT_EQ(out_bytes, 67108864u);
  EXPECT_TRUE(all_zero);
  EXPECT_EQ(err, "end\n");
}

TEST_F(ExecEngineTest, CancelledOutputStreamLeaksNothing) {
  int fds_before = engine_test::OpenFdCount();
  {
    Result<std::unique_ptr<Engine>> own = Engine::Connect(engine_test::TestEngineAddress());
    ASSERT_TRUE(own.ok());
    ExecApi exec(**own);
    Result<std::string> id = exec.Create(container_, Command({"sleep", "30"}));
    ASSERT_TRUE(id.ok());
    Result<std::unique_ptr<OutputStream>> output = exec.Start(*id, false);
    ASSERT_TRUE(output.ok()) << output.error().ToString();
    std::thread canceller([&] {
      std::this_thread::sleep_for(milliseconds(200));
      (*output)->Cancel();
    });
    Result<std::optional<OutputChunk>> chunk = (*output)->Next();
    canceller.join();
    ASSERT_FALSE(chunk.ok());
    EXPECT_EQ(chunk.error().code, ErrorCode::kCancelled);
  }
  EXPECT_EQ(engine_test::OpenFdCount(), fds_before);
}

}  // namespace
}  // namespace ds01::docker
