#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/message.h"
#include "http/request_parser.h"
#include "http/socket.h"

namespace ds01::http {

/// Who is on the other end of a unix socket, as the kernel saw it at connect (SO_PEERCRED).
struct PeerCredentials {
  uid_t uid = 0;
  gid_t gid = 0;
  pid_t pid = 0;
};

/// How long a connection may take at each step before the server gives up on it.
struct ConnectionTimeouts {
  std::chrono::milliseconds request{10000};  // from a request's first byte to its last
  std::chrono::milliseconds write{10000};    // output that the client does not take
  std::chrono::milliseconds idle{60000};     // a keep-alive connection with no request
};

/// One client connection of the Server, as a state machine that never blocks: the bytes it
/// sent that are not parsed yet, the bytes waiting to be written, and where it is in the
/// request/response cycle. The poller, a worker and a stream's producer all reach it, each
/// under its mutex; its socket is watched by the server's epoll set (one-shot, re-armed for
/// the phase it is in).
class PeerConnection {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Phase {
    kReading,    // waiting for (the rest of) a request
    kHandling,   // a complete request is queued or with a worker
    kWriting,    // a response is being written
    kStreaming,  // a streamed response: chunks come from a producer until it ends
    kClosed,
  };
  /// What the caller must do once it no longer holds the connection's lock.
  enum class Next { kWait, kDispatch, kClose };

  PeerConnection(Socket socket, PeerCredentials credentials, RequestLimits limits,
                 ConnectionTimeouts timeouts, int epoll_fd);
  PeerConnection(const PeerConnection&) = delete;
  PeerConnection& operator=(const PeerConnection&) = delete;

  /// Starts watching the socket; false when epoll refuses it.
  bool Watch();

  /// Acts on what epoll reported: reads and parses a request (a streaming connection's input is
  /// read and dropped), writes pending output, or notes that the client hung up while its
  /// request was being handled (gone() tells the handler; the connection ends after it).
  /// kDispatch when a whole request is ready for a worker.
  Next OnEvents(std::uint32_t events, Clock::time_point now);
  /// Ends the connection when one of its timeouts has passed (a late request is answered 408).
  Next Sweep(Clock::time_point now);

  /// The complete request, for the worker that handles it.
  Request TakeRequest();
  /// Writes a whole response; then the next pipelined request, if one is here (kDispatch).
  Next Reply(std::string bytes, bool keep_alive);
  /// Writes `head` and turns the connection into a stream; false when it is closed.
  bool StartStream(std::string head);
  /// Writes `data` as one chunk of the stream now, or queues it; false once the stream has
  /// ended — the client left, or fell more than `max_pending` bytes behind and was cut off.
  bool SendChunk(std::string_view data, std::size_t max_pending);
  /// Writes the last chunk; the connection closes once it is out.
  void EndStream();
  /// Writes `head`, waiting up to the write timeout, then gives the socket to the caller with
  /// the bytes the client already sent after its request. The connection is closed here.
  Result<std::pair<Socket, std::string>> Upgrade(std::string_view head);
  /// Closes the socket (it leaves the epoll set with it). Idempotent.
  void Close();
  /// Runs `release` once when the connection closes (a stream's place is given back).
  void OnClose(std::function<void()> release);

  Phase phase() const;
  /// True once the client hung up or the connection closed.
  bool gone() const;
  const PeerCredentials& credentials() const { return credentials_; }
  /// True when the request being handled asked for its head only (HEAD).
  bool head_request() const;
  /// True when the request being handled lets the connection carry another.
  bool keep_alive() const;

 private:
  Next ParseBuffered(Clock::time_point now);
  Next Flush(Clock::time_point now);
  Next AfterWrite(Clock::time_point now);
  Next Fail(int status, std::string_view message, Clock::time_point now);
  // Re-arms the one-shot epoll watch for what the phase waits for.
  void ArmForPhase();
  bool output_pending() const { return out_start_ < out_.size(); }
  void CloseLocked();
  std::string_view buffered() const { return std::string_view(in_).substr(in_start_); }

  mutable std::mutex mutex_;
  Socket socket_;
  const PeerCredentials credentials_;
  const ConnectionTimeouts timeouts_;
  const int epoll_fd_;
  RequestParser parser_;
  Phase phase_ = Phase::kReading;
  std::string in_;  // read, and parsed from in_start_ on
  std::size_t in_start_ = 0;
  std::string out_;  // to write, from out_start_ on
  std::size_t out_start_ = 0;
  bool close_after_write_ = false;
  bool hung_up_ = false;
  bool continue_sent_ = false;
  bool head_request_ = false;
  Clock::time_point last_active_;
  std::optional<Clock::time_point> request_started_;
  std::optional<Clock::time_point> blocked_since_;  // output pending since then
  std::function<void()> on_close_;
};

}  // namespace ds01::http
