#include "cli/logs_session.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "cli/stdio_sink.h"
#include "http/chunked_decoder.h"

namespace ds01::cli {
namespace {

constexpr std::size_t kChunk = 256u << 10;

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

Error BrokenOff(std::string_view why) {
  return MakeError(ErrorCode::kUnavailable,
                   "The logs broke off before their end: " + std::string(why),
                   "run it again; --since picks up from a time");
}

// The body as the engine sent it, its chunks undone when it has them.
class LogsBody {
 public:
  LogsBody(bool chunked, StdioSink& sink) : sink_(sink) {
    if (chunked) chunks_.emplace();
  }

  Status Take(std::string_view bytes) {
    if (!chunks_) return sink_.Take(bytes);
    while (!chunks_->done()) {
      auto piece = chunks_->Next(bytes);
      if (!piece.ok()) return piece.error();
      if (piece->kind == http::ChunkedDecoder::Kind::kNeedMore) break;
      if (piece->kind == http::ChunkedDecoder::Kind::kData) {
        DS01_RETURN_IF_ERROR(sink_.Take(piece->data));
      }
    }
    return Ok();
  }

  /// True once the last chunk has come; a body without chunks ends when the engine closes.
  bool done() const { return chunks_ && chunks_->done(); }

  /// The body ended: Ok when nothing was cut short.
  Status Finish() const {
    if (chunks_ && !chunks_->done()) return BrokenOff("the engine closed mid-answer");
    return sink_.Finish();
  }

 private:
  StdioSink& sink_;
  std::optional<http::ChunkedDecoder> chunks_;
};

}  // namespace

Status PumpLogs(HandedLogs& logs, int out, int err) {
  Interruptions interruptions;
  StdioSink sink(out, err, logs.started.tty);
  LogsBody body(logs.started.chunked, sink);
  const auto taken = [&](const Status& status) {
    return status.ok() || !sink.reader_gone() ? status : Ok();
  };
  Status early = taken(body.Take(logs.early_bytes));
  if (!early.ok() || sink.reader_gone()) return early;
  const int socket = logs.socket.get();
  auto buffer = std::make_unique<char[]>(kChunk);
  while (!body.done()) {
    // `out` is polled for no event: it reports only its reader's going (POLLERR, POLLHUP) or
    // its closing (POLLNVAL).
    pollfd fds[3] = {{socket, POLLIN, 0}, {interruptions.fd(), POLLIN, 0}, {out, 0, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return BrokenOff(std::strerror(errno));
    }
    if (fds[1].revents != 0) {
      interruptions.Take();
      return Ok();
    }
    if (fds[2].revents != 0) return Ok();
    if (fds[0].revents == 0) continue;
    const ssize_t got = ::read(socket, buffer.get(), kChunk);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      // The engine closing a socket the user wrote into resets it: an end, as a close is.
      if (errno == ECONNRESET) break;
      return BrokenOff(std::strerror(errno));
    }
    Status status = taken(body.Take(std::string_view(buffer.get(), static_cast<std::size_t>(got))));
    if (!status.ok() || sink.reader_gone()) return status;
  }
  return body.Finish();
}

}  // namespace ds01::cli
