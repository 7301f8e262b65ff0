#include "docker/output_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ds01::docker {
namespace {

std::string Frame(StreamType stream, std::string_view payload) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  auto size = static_cast<std::uint32_t>(payload.size());
  out[4] = static_cast<char>(size >> 24);
  out[5] = static_cast<char>(size >> 16);
  out[6] = static_cast<char>(size >> 8);
  out[7] = static_cast<char>(size);
  return out + std::string(payload);
}

// Hands out a byte string in reads of a fixed size (so frames split anywhere).
class ScriptedSource : public ByteSource {
 public:
  ScriptedSource(std::string bytes, std::size_t read_size)
      : bytes_(std::move(bytes)), read_size_(read_size) {}
  Result<std::size_t> Read(char* buf, std::size_t len) override {
    std::size_t n = std::min({len, read_size_, bytes_.size() - offset_});
    std::copy_n(bytes_.data() + offset_, n, buf);
    offset_ += n;
    return n;
  }
  void Cancel() override {}

 private:
  std::string bytes_;
  std::size_t read_size_;
  std::size_t offset_ = 0;
};

// Blocks in Read until cancelled, like a follow with nothing to say.
class SilentSource : public ByteSource {
 public:
  Result<std::size_t> Read(char*, std::size_t) override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return cancelled_; });
    return MakeError(ErrorCode::kCancelled, "cancelled");
  }
  void Cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool cancelled_ = false;
};

TEST(OutputStream, DemultiplexesFramesSplitAtEveryByteBoundary) {
  std::string wire = Frame(StreamType::kStdout, "hello ") + Frame(StreamType::kStderr, "oops\n") +
                     Frame(StreamType::kStdout, "world\n");
  for (std::size_t read_size = 1; read_size <= wire.size(); ++read_size) {
    OutputStream stream(std::make_unique<ScriptedSource>(wire, read_size), /*tty=*/false);
    Result<CollectedOutput> all = stream.ReadAll();
    ASSERT_TRUE(all.ok()) << all.error().ToString();
    EXPECT_EQ(all->out, "hello world\n") << "read size " << read_size;
    EXPECT_EQ(all->err, "oops\n") << "read size " << read_size;
  }
}

TEST(OutputStream, ChunksKeepTheirStreamAndOrder) {
  std::string wire = Frame(StreamType::kStderr, "a") + Frame(StreamType::kStdout, "b");
  OutputStream stream(std::make_unique<ScriptedSource>(wire, 64), false);
  std::vector<std::pair<StreamType, std::string>> seen;
  for (;;) {
    Result<std::optional<OutputChunk>> chunk = stream.Next();
    ASSERT_TRUE(chunk.ok());
    if (!*chunk) break;
    seen.emplace_back((*chunk)->stream, std::string((*chunk)->data));
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(StreamType::kStderr, std::string("a")));
  EXPECT_EQ(seen[1], std::make_pair(StreamType::kStdout, std::string("b")));
}

TEST(OutputStream, TtyOutputIsRawStdout) {
  std::string raw = Frame(StreamType::kStderr, "not a frame to a tty");
  OutputStream stream(std::make_unique<ScriptedSource>(raw, 5), /*tty=*/true);
  Result<CollectedOutput> all = stream.ReadAll();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->out, raw);
  EXPECT_EQ(all->err, "");
}

TEST(OutputStream, TruncatedFrameIsAProtocolError) {
  std::string wire = Frame(StreamType::kStdout, "complete") + Frame(StreamType::kStdout, "cut");
  wire.pop_back();
  OutputStream stream(std::make_unique<ScriptedSource>(wire, 7), false);
  Result<CollectedOutput> all = stream.ReadAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kProtocol);
}

TEST(OutputStream, ReadAllRefusesMoreThanItsLimit) {
  OutputStream stream(
      std::make_unique<ScriptedSource>(Frame(StreamType::kStdout, std::string(100, 'x')), 64),
      false);
  Result<CollectedOutput> all = stream.ReadAll(/*max_bytes=*/50);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kProtocol);
}

TEST(OutputStream, CancelFromAnotherThreadEndsABlockedNext) {
  OutputStream stream(std::make_unique<SilentSource>(), false);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stream.Cancel();
  });
  Result<std::optional<OutputChunk>> chunk = stream.Next();
  canceller.join();
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace ds01::docker
