#include "cli/handed_stream.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using std::chrono::milliseconds;
using testing::Frame;
using testing::Pipe;

std::string Chunk(std::string_view data) {
  return fmt::format("{:x}\r\n", data.size()) + std::string(data) + "\r\n";
}

constexpr std::string_view kLastChunk = "0\r\n\r\n";

// The engine's end of a handed-over logs connection, and the handed end with its line.
struct Engine {
  int fd = -1;
  HandedStream logs;

  Engine(bool chunked, bool tty, std::string early_bytes = {}) {
    int sockets[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
    fd = sockets[1];
    logs = HandedStream{UniqueFd(sockets[0]), {chunked, tty, early_bytes.size()}, early_bytes};
  }
  ~Engine() { Close(); }
  // Sends `bytes` in pieces of `step`, each its own write, as a slow engine would.
  void Send(std::string_view bytes, std::size_t step = 0) {
    if (step == 0) step = bytes.size();
    for (std::size_t at = 0; at < bytes.size(); at += step) {
      const std::string_view piece = bytes.substr(at, step);
      EXPECT_EQ(::send(fd, piece.data(), piece.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(piece.size()));
      std::this_thread::sleep_for(milliseconds(1));
    }
  }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

TEST(PumpOutput, UndoesChunksAndFramesSplitAcrossReadsOntoTheirStreams) {
  const std::string frames = Frame(1, "out one\n") + Frame(2, "err one\n") +
                             Frame(1, std::string(70'000, 'o') + "\n") + Frame(2, "err two\n");
  // Chunk boundaries inside a frame header and inside a payload; the first bytes came with the
  // engine's head.
  const std::string body =
      Chunk(frames.substr(0, 3)) + Chunk(frames.substr(3, 20)) + Chunk(frames.substr(23));
  Engine engine(true, false, body.substr(0, 7));
  std::thread sender([&] {
    engine.Send(std::string_view(body).substr(7), 4096);
    engine.Send(kLastChunk, 1);
  });
  Pipe out, err;
  Result<OutputEnd> pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1]);
  sender.join();
  ASSERT_TRUE(pumped.ok()) << pumped.error().ToString();
  EXPECT_EQ(out.Drain(), "out one\n" + std::string(70'000, 'o') + "\n");
  EXPECT_EQ(err.Drain(), "err one\nerr two\n");
}

TEST(PumpOutput, AFrameSplitByteByByteArrivesWhole) {
  const std::string body = Chunk(Frame(1, "a line\n") + Frame(2, "a warning\n"));
  Engine engine(true, false);
  std::thread sender([&] {
    engine.Send(body, 1);
    engine.Send(kLastChunk, 1);
  });
  Pipe out, err;
  ASSERT_TRUE(PumpOutput(engine.logs, out.fds[1], err.fds[1]).ok());
  sender.join();
  EXPECT_EQ(out.Drain(), "a line\n");
  EXPECT_EQ(err.Drain(), "a warning\n");
}

TEST(PumpOutput, ATtyContainersOneRawStreamGoesToStdout) {
  constexpr char kRaw[] = "\x01\x00\x00\x00 looks like a frame, is not\r\n";
  const std::string raw(kRaw, sizeof kRaw - 1);
  Engine engine(true, true);
  engine.Send(Chunk(raw) + Chunk("more\r\n") + std::string(kLastChunk));
  Pipe out, err;
  ASSERT_TRUE(PumpOutput(engine.logs, out.fds[1], err.fds[1]).ok());
  EXPECT_EQ(out.Drain(), raw + "more\r\n");
  EXPECT_EQ(err.Drain(), "");
}

TEST(PumpOutput, ABodyWithoutChunksRunsUntilTheEngineCloses) {
  Engine engine(false, true, "early ");
  engine.Send("and late\n");
  engine.Close();
  Pipe out, err;
  ASSERT_TRUE(PumpOutput(engine.logs, out.fds[1], err.fds[1]).ok());
  EXPECT_EQ(out.Drain(), "early and late\n");
}

TEST(PumpOutput, ABodyBrokenOffBeforeItsLastChunkIsAnError) {
  Engine engine(true, true);
  engine.Send(Chunk("half a stor"));
  engine.Close();
  Pipe out, err;
  Result<OutputEnd> pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1]);
  ASSERT_FALSE(pumped.ok());
  EXPECT_EQ(pumped.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(pumped.error().message,
            "The output broke off before its end: the engine closed mid-answer");
  EXPECT_EQ(out.Drain(), "half a stor") << "what came is shown";
}

TEST(PumpOutput, AMalformedChunkIsAProtocolError) {
  Engine engine(true, true);
  engine.Send("zz\r\nnot a chunk\r\n");
  Pipe out, err;
  Result<OutputEnd> pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1]);
  ASSERT_FALSE(pumped.ok());
  EXPECT_EQ(pumped.error().code, ErrorCode::kProtocol);
}

TEST(PumpOutput, AReaderThatLeavesEndsAFollowQuietlyAndSigpipeIsRestored) {
  Engine engine(true, true);
  engine.Send(Chunk("first\n"));  // the follow goes on: no last chunk, nothing closes
  Pipe out, err;
  std::thread reader([&] {
    char buffer[16];
    EXPECT_GT(::read(out.fds[0], buffer, sizeof buffer), 0);
    ::close(out.fds[0]);  // `| head -1` has its line
    out.fds[0] = -1;
  });
  Result<OutputEnd> pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1]);
  reader.join();
  ASSERT_TRUE(pumped.ok()) << pumped.error().ToString();
  EXPECT_EQ(*pumped, OutputEnd::kReaderGone);
  struct sigaction now {};
  ASSERT_EQ(::sigaction(SIGPIPE, nullptr, &now), 0);
  EXPECT_EQ(now.sa_handler, SIG_DFL);
}

TEST(PumpOutput, CtrlCEndsAFollowWithOk) {
  Engine engine(true, true);
  engine.Send(Chunk("first\n"));
  Pipe out, err;
  Result<OutputEnd> pumped = OutputEnd::kEnded;
  std::thread pump([&] { pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1]); });
  char buffer[16];
  ASSERT_GT(::read(out.fds[0], buffer, sizeof buffer), 0);  // SIGINT is blocked there by now
  ::pthread_kill(pump.native_handle(), SIGINT);
  pump.join();
  ASSERT_TRUE(pumped.ok()) << pumped.error().ToString();
  EXPECT_EQ(*pumped, OutputEnd::kInterrupted);
}

TEST(PumpOutput, CtrlCWithACallbackCallsItAndReadsOnToTheEnd) {
  Engine engine(false, true);
  engine.Send("first\n");
  Pipe out, err;
  int interrupts = 0;
  Result<OutputEnd> pumped = OutputEnd::kInterrupted;
  std::thread pump([&] {
    pumped = PumpOutput(engine.logs, out.fds[1], err.fds[1], [&]() -> Status {
      ++interrupts;
      engine.Send("stopping\n");  // as the container's process would, asked to stop
      engine.Close();
      return Ok();
    });
  });
  char buffer[16];
  ASSERT_GT(::read(out.fds[0], buffer, sizeof buffer), 0);
  ::pthread_kill(pump.native_handle(), SIGINT);
  pump.join();
  ASSERT_TRUE(pumped.ok()) << pumped.error().ToString();
  EXPECT_EQ(*pumped, OutputEnd::kEnded);
  EXPECT_EQ(interrupts, 1);
  EXPECT_EQ(out.Drain(), "stopping\n");
}

TEST(ReadHandedAnswer, GathersAChunkedBodyFromTheEarlyBytesOn) {
  Engine engine(true, false, "7\r\n{\"Sta");
  engine.Send("tu\r\n" + Chunk("sCode\":3}") + std::string(kLastChunk));
  auto body = ReadHandedAnswer(engine.logs, milliseconds(2000));
  ASSERT_TRUE(body.ok()) << body.error().ToString();
  EXPECT_EQ(*body, R"({"StatusCode":3})");
}

TEST(ReadHandedAnswer, AnAnswerThatDoesNotComeInTimeIsATimeout) {
  Engine engine(true, false);
  const auto started = std::chrono::steady_clock::now();
  auto body = ReadHandedAnswer(engine.logs, milliseconds(200));
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(200));
}

TEST(ReadHandedAnswer, AnEndlessAnswerIsRefusedNotKept) {
  Engine engine(false, false);
  std::thread flood([&] {
    const std::string block(16u << 10, 'x');
    for (int i = 0; i < 8; ++i) {
      if (::write(engine.fd, block.data(), block.size()) < 0) break;
    }
  });
  auto body = ReadHandedAnswer(engine.logs, milliseconds(5000));
  ::shutdown(engine.fd, SHUT_RDWR);
  flood.join();
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::cli
