#include "cli/handed_stream.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

#include "cli/stdio_sink.h"
#include "http/chunked_decoder.h"

namespace ds01::cli {
namespace {

constexpr std::size_t kChunk = 256u << 10;
constexpr std::size_t kLongestAnswer = 64u << 10;

// While it lives: Ctrl-C is a readable descriptor for the poll loop instead of the end of the
// process, and a write to a reader that has gone fails with EPIPE instead of SIGPIPE.
class Interruptions {
 public:
  Interruptions() {
    sigset_t interrupt;
    ::sigemptyset(&interrupt);
    ::sigaddset(&interrupt, SIGINT);
    ::pthread_sigmask(SIG_BLOCK, &interrupt, &saved_mask_);
    fd_ = ::signalfd(-1, &interrupt, SFD_CLOEXEC | SFD_NONBLOCK);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &saved_pipe_);
  }
  Interruptions(const Interruptions&) = delete;
  Interruptions& operator=(const Interruptions&) = delete;
  ~Interruptions() {
    if (fd_ >= 0) ::close(fd_);
    ::sigaction(SIGPIPE, &saved_pipe_, nullptr);
    ::pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
  }

  int fd() const { return fd_; }
  /// Takes the Ctrl-C that made fd() readable, so that it ends nothing once unblocked.
  void Take() const {
    signalfd_siginfo taken{};
    (void)!::read(fd_, &taken, sizeof taken);
  }

 private:
  int fd_ = -1;
  sigset_t saved_mask_{};
  struct sigaction saved_pipe_ {};
};

Error BrokenOff(std::string_view what, std::string_view why) {
  return MakeError(ErrorCode::kUnavailable,
                   fmt::format("The {} broke off before its end: {}", what, why),
                   "run it again; container-logs --since picks the output up from a time");
}

// What the engine sends, its chunks undone when it has them, handed on to `take`.
class HandedBody {
 public:
  using Take = std::function<Status(std::string_view)>;

  HandedBody(bool chunked, Take take) : take_(std::move(take)) {
    if (chunked) chunks_.emplace();
  }

  Status Add(std::string_view bytes) {
    if (!chunks_) return take_(bytes);
    while (!chunks_->done()) {
      auto piece = chunks_->Next(bytes);
      if (!piece.ok()) return piece.error();
      if (piece->kind == http::ChunkedDecoder::Kind::kNeedMore) break;
      if (piece->kind == http::ChunkedDecoder::Kind::kData)
        DS01_RETURN_IF_ERROR(take_(piece->data));
    }
    return Ok();
  }

  /// True once the last chunk has come; a body without chunks ends when the engine closes.
  bool done() const { return chunks_ && chunks_->done(); }
  /// The engine closed: true when that cut a chunked body short.
  bool cut_short() const { return chunks_ && !chunks_->done(); }

 private:
  Take take_;
  std::optional<http::ChunkedDecoder> chunks_;
};

// One read of the engine's socket: the bytes, none at its close, or why it failed. A reset, as
// the engine gives when closing a socket the user wrote into, is a close.
Result<std::size_t> ReadSome(int socket, char* buffer, std::size_t size, std::string_view what) {
  while (true) {
    const ssize_t got = ::read(socket, buffer, size);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == ECONNRESET) return std::size_t{0};
    return BrokenOff(what, std::strerror(errno));
  }
}

}  // namespace

Result<OutputEnd> PumpOutput(HandedStream& stream, int out, int err,
                             const OnInterrupt& on_interrupt) {
  Interruptions interruptions;
  StdioSink sink(out, err, stream.started.tty);
  HandedBody body(stream.started.chunked,
                  [&sink](std::string_view bytes) { return sink.Take(bytes); });
  // A write that failed because the reader left ends the pump quietly.
  const auto written = [&](const Status& status) -> std::optional<Result<OutputEnd>> {
    if (sink.reader_gone()) return OutputEnd::kReaderGone;
    if (!status.ok()) return status.error();
    return std::nullopt;
  };
  if (auto end = written(body.Add(stream.early_bytes))) return *end;
  const int socket = stream.socket.get();
  auto buffer = std::make_unique<char[]>(kChunk);
  while (!body.done()) {
    // `out` is polled for no event: it reports only its reader's going (POLLERR, POLLHUP) or
    // its closing (POLLNVAL).
    pollfd fds[3] = {{socket, POLLIN, 0}, {interruptions.fd(), POLLIN, 0}, {out, 0, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return BrokenOff("output", std::strerror(errno));
    }
    if (fds[1].revents != 0) {
      interruptions.Take();
      if (!on_interrupt) return OutputEnd::kInterrupted;
      DS01_RETURN_IF_ERROR(on_interrupt());
      continue;
    }
    if (fds[2].revents != 0) return OutputEnd::kReaderGone;
    if (fds[0].revents == 0) continue;
    auto got = ReadSome(socket, buffer.get(), kChunk, "output");
    if (!got.ok()) return got.error();
    if (*got == 0) break;
    if (auto end = written(body.Add(std::string_view(buffer.get(), *got)))) return *end;
  }
  if (body.cut_short()) return BrokenOff("output", "the engine closed mid-answer");
  DS01_RETURN_IF_ERROR(sink.Finish());
  return OutputEnd::kEnded;
}

Result<std::string> ReadHandedAnswer(HandedStream& answer,
                                     std::optional<std::chrono::milliseconds> timeout) {
  using Clock = std::chrono::steady_clock;
  const std::optional<Clock::time_point> deadline =
      timeout ? std::optional(Clock::now() + *timeout) : std::nullopt;
  std::string text;
  HandedBody body(answer.started.chunked, [&text](std::string_view bytes) -> Status {
    if (text.size() + bytes.size() > kLongestAnswer) {
      return MakeError(ErrorCode::kProtocol, "The engine's answer is far longer than a wait's",
                       "check the engine's log");
    }
    text.append(bytes);
    return Ok();
  });
  DS01_RETURN_IF_ERROR(body.Add(answer.early_bytes));
  const int socket = answer.socket.get();
  char buffer[4096];
  while (!body.done()) {
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return MakeError(ErrorCode::kTimeout, "the time given ran out");
      wait_ms = static_cast<int>(std::min<std::int64_t>(left.count(), 60'000));
    }
    pollfd ready{socket, POLLIN, 0};
    const int polled = ::poll(&ready, 1, wait_ms);
    if (polled < 0 && errno != EINTR) return BrokenOff("answer", std::strerror(errno));
    if (polled <= 0) continue;
    auto got = ReadSome(socket, buffer, sizeof buffer, "answer");
    if (!got.ok()) return got.error();
    if (*got == 0) break;
    DS01_RETURN_IF_ERROR(body.Add(std::string_view(buffer, *got)));
  }
  if (body.cut_short()) return BrokenOff("answer", "the engine closed mid-answer");
  return text;
}

}  // namespace ds01::cli
