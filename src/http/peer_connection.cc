#include "http/peer_connection.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include "http/response_writer.h"

namespace ds01::http {
namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Read at most this much per event, so that one fast client cannot keep the poller to itself.
constexpr std::size_t kReadPerEvent = 64u << 10;

}  // namespace

PeerConnection::PeerConnection(Socket socket, PeerCredentials credentials, RequestLimits limits,
                               ConnectionTimeouts timeouts, int epoll_fd)
    : socket_(std::move(socket)),
      credentials_(credentials),
      timeouts_(timeouts),
      epoll_fd_(epoll_fd),
      parser_(std::move(limits)),
      last_active_(Clock::now()) {}

bool PeerConnection::Watch() {
  std::lock_guard lock(mutex_);
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.ptr = this;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, socket_.fd(), &event) == 0;
}

void PeerConnection::ArmForPhase() {
  std::uint32_t events = 0;
  switch (phase_) {
    case Phase::kReading:
    case Phase::kStreaming:
      events = EPOLLIN | EPOLLRDHUP | (output_pending() ? std::uint32_t{EPOLLOUT} : 0u);
      break;
    case Phase::kHandling:
      events = hung_up_ ? 0u : std::uint32_t{EPOLLRDHUP};
      break;
    case Phase::kWriting:
      events = EPOLLOUT | (hung_up_ ? 0u : std::uint32_t{EPOLLRDHUP});
      break;
    case Phase::kClosed:
      return;
  }
  if (events == 0) return;  // nothing to wait for: stays disarmed
  epoll_event event{};
  event.events = events | EPOLLONESHOT;
  event.data.ptr = this;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, socket_.fd(), &event) != 0) CloseLocked();
}

PeerConnection::Next PeerConnection::OnEvents(std::uint32_t events, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const bool failed = (events & (EPOLLERR | EPOLLHUP)) != 0;
  switch (phase_) {
    case Phase::kClosed:
      return Next::kClose;
    case Phase::kHandling:
      if ((events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0) hung_up_ = true;
      return Next::kWait;
    case Phase::kWriting:
      if (failed) break;
      if ((events & EPOLLRDHUP) != 0) hung_up_ = true;
      return Flush(now);
    case Phase::kStreaming: {
      if (failed || (events & EPOLLRDHUP) != 0) break;
      char discard[4096];
      const ssize_t n = recv(socket_.fd(), discard, sizeof(discard), MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
      return Flush(now);
    }
    case Phase::kReading: {
      if (failed) break;
      std::size_t total = 0;
      while (total < kReadPerEvent) {
        // Through a buffer on the stack: an idle connection keeps only what it was sent.
        char chunk[16384];
        const ssize_t n = recv(socket_.fd(), chunk, sizeof(chunk), MSG_DONTWAIT);
        if (n > 0) {
          in_.append(chunk, static_cast<std::size_t>(n));
          total += static_cast<std::size_t>(n);
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) {
          CloseLocked();
          return Next::kClose;
        }
        // End of input (n == 0): what was sent before it is still answered, then it closes.
        if (n == 0) hung_up_ = true;
        break;
      }
      if (total > 0) last_active_ = now;
      if (output_pending()) {  // a 100 Continue still on its way
        Next flushed = Flush(now);
        if (flushed == Next::kClose) return flushed;
      }
      return ParseBuffered(now);
    }
  }
  CloseLocked();
  return Next::kClose;
}

PeerConnection::Next PeerConnection::ParseBuffered(Clock::time_point now) {
  while (true) {
    std::string_view input = buffered();
    const std::size_t before = input.size();
    auto kind = parser_.Next(input);
    in_start_ += before - input.size();
    if (parser_.started() && !request_started_) request_started_ = now;
    if (!kind.ok()) return Fail(parser_.error_status(), kind.error().message, now);
    if (*kind == RequestParser::Kind::kHead) {
      if (parser_.expects_continue() && !continue_sent_) {
        continue_sent_ = true;
        out_ += kContinue;
        if (Flush(now) == Next::kClose) return Next::kClose;
      }
      continue;
    }
    if (in_start_ == in_.size()) {
      std::string().swap(in_);  // its memory too: most connections sit idle between requests
      in_start_ = 0;
    } else if (in_start_ > kReadPerEvent) {
      in_.erase(0, in_start_);
      in_start_ = 0;
    }
    if (*kind == RequestParser::Kind::kComplete) {
      phase_ = Phase::kHandling;
      head_request_ = parser_.request().method == "HEAD";
      request_started_.reset();
      ArmForPhase();
      return Next::kDispatch;
    }
    if (hung_up_) {  // half a request, and no more will come
      CloseLocked();
      return Next::kClose;
    }
    ArmForPhase();
    return Next::kWait;
  }
}

PeerConnection::Next PeerConnection::Flush(Clock::time_point now) {
  while (output_pending()) {
    const ssize_t n = send(socket_.fd(), out_.data() + out_start_, out_.size() - out_start_,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      out_start_ += static_cast<std::size_t>(n);
      blocked_since_.reset();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (!blocked_since_) blocked_since_ = now;
      ArmForPhase();
      return Next::kWait;
    }
    CloseLocked();
    return Next::kClose;
  }
  std::string().swap(out_);  // a large answer's memory goes back as soon as it is out
  out_start_ = 0;
  blocked_since_.reset();
  if (phase_ == Phase::kWriting) return AfterWrite(now);
  if (phase_ == Phase::kStreaming && close_after_write_) {
    CloseLocked();
    return Next::kClose;
  }
  ArmForPhase();
  return Next::kWait;
}

PeerConnection::Next PeerConnection::AfterWrite(Clock::time_point now) {
  if (close_after_write_ || hung_up_) {
    CloseLocked();
    return Next::kClose;
  }
  phase_ = Phase::kReading;
  parser_.Reset();
  continue_sent_ = false;
  last_active_ = now;
  return ParseBuffered(now);
}

PeerConnection::Next PeerConnection::Fail(int status, std::string_view message,
                                          Clock::time_point now) {
  Response refusal{
      status, "", {{"Content-Type", "text/plain; charset=utf-8"}}, std::string(message) + "\n"};
  out_ += SerializeResponse(refusal, false);
  close_after_write_ = true;
  phase_ = Phase::kWriting;
  return Flush(now);
}

PeerConnection::Next PeerConnection::Sweep(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  switch (phase_) {
    case Phase::kClosed:
      return Next::kClose;
    case Phase::kReading:
      if (request_started_ && now - *request_started_ > timeouts_.request) {
        request_started_.reset();
        return Fail(408, "the request did not arrive in time", now);
      }
      if (!request_started_ && !output_pending() && now - last_active_ > timeouts_.idle) {
        CloseLocked();
        return Next::kClose;
      }
      return Next::kWait;
    case Phase::kWriting:
    case Phase::kStreaming:
      if (blocked_since_ && now - *blocked_since_ > timeouts_.write) {
        CloseLocked();  // the client stopped reading
        return Next::kClose;
      }
      return Next::kWait;
    case Phase::kHandling:
      return Next::kWait;
  }
  return Next::kWait;
}

Request PeerConnection::TakeRequest() {
  std::lock_guard lock(mutex_);
  return std::move(parser_.request());
}

PeerConnection::Next PeerConnection::Reply(std::string bytes, bool keep_alive) {
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::kClosed) return Next::kClose;
  out_ += bytes;
  close_after_write_ = !keep_alive;
  phase_ = Phase::kWriting;
  return Flush(Clock::now());
}

bool PeerConnection::StartStream(std::string head) {
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::kClosed || hung_up_) return false;
  phase_ = Phase::kStreaming;
  out_ += head;
  return Flush(Clock::now()) != Next::kClose;
}

bool PeerConnection::SendChunk(std::string_view data, std::size_t max_pending) {
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::kStreaming || close_after_write_) return false;
  if (out_.size() - out_start_ > max_pending) {
    CloseLocked();  // it stopped reading: a stream never buffers without bound
    return false;
  }
  out_ += ChunkOf(data);
  return Flush(Clock::now()) != Next::kClose;
}

void PeerConnection::EndStream() {
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::kStreaming || close_after_write_) return;
  out_ += ChunkOf("");
  close_after_write_ = true;
  (void)Flush(Clock::now());
}

Result<std::pair<Socket, std::string>> PeerConnection::Upgrade(std::string_view head) {
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::kClosed || hung_up_) {
    return MakeError(ErrorCode::kUnavailable, "the client left before the upgrade");
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, socket_.fd(), nullptr);
  Status written = socket_.WriteAll(head, timeouts_.write);
  if (!written.ok()) {
    CloseLocked();
    return std::move(written).error();
  }
  std::pair<Socket, std::string> upgraded{std::move(socket_), std::string(buffered())};
  CloseLocked();
  return upgraded;
}

void PeerConnection::Close() {
  std::lock_guard lock(mutex_);
  CloseLocked();
}

void PeerConnection::CloseLocked() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  socket_.Close();
  in_.clear();
  in_start_ = 0;
  out_.clear();
  out_start_ = 0;
  if (on_close_) std::exchange(on_close_, nullptr)();
}

void PeerConnection::OnClose(std::function<void()> release) {
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::kClosed) {
    release();
    return;
  }
  on_close_ = std::move(release);
}

PeerConnection::Phase PeerConnection::phase() const {
  std::lock_guard lock(mutex_);
  return phase_;
}

bool PeerConnection::gone() const {
  std::lock_guard lock(mutex_);
  return hung_up_ || phase_ == Phase::kClosed;
}

bool PeerConnection::head_request() const {
  std::lock_guard lock(mutex_);
  return head_request_;
}

bool PeerConnection::keep_alive() const {
  std::lock_guard lock(mutex_);
  return parser_.keep_alive();
}

}  // namespace ds01::http
