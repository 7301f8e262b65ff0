#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "http/exchange.h"
#include "http/message.h"
#include "http/peer_connection.h"
#include "http/request_parser.h"
#include "http/socket.h"
#include "http/uid_quota.h"
#include "http/uid_turns.h"
#include "http/unix_listener.h"

namespace ds01::http {

/// Answers one request through its Exchange.
using Handler = std::function<void(Exchange&)>;

/// A Handler for routes that answer with one whole response.
Handler Answering(std::function<Response(const ServerRequest&)> respond);

struct ServerOptions {
  std::string socket_path;
  mode_t socket_mode = 0660;
  std::size_t workers = 4;
  RequestLimits limits;  // a bigger request is answered 413/431
  ConnectionTimeouts timeouts;
  std::size_t max_connections = 1024;  // more are answered 503 at accept and closed
  std::size_t max_connections_per_uid = 64;
  std::size_t max_in_flight_per_uid =
      0;                           // requests of one uid handled at once; 0: half the workers
  std::size_t max_streams = 1024;  // streamed and upgraded connections
  std::size_t max_streams_per_uid = 32;
  std::size_t max_stream_backlog = 1u << 20;  // bytes a stream's client may fall behind
};

/// An HTTP/1.1 server on a unix socket. One poller thread does all the socket I/O without
/// blocking (epoll): it accepts, reads and parses requests, and writes responses and streams,
/// so a slow, silent or non-reading client costs a buffer, never a thread. Workers receive only
/// complete requests, taken in turn by uid so that one user's requests never fill every worker.
/// Connections and streams are capped per uid and in total; every step of a connection has a
/// deadline.
class Server {
 public:
  /// Binds `options.socket_path` with `options.socket_mode` and listens. A stale socket file
  /// there is replaced; a live one (a server answers) is kConflict. Serves after Start.
  static Result<std::unique_ptr<Server>> Listen(ServerOptions options, Handler handler);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  /// Stops, as Stop does.
  ~Server();

  /// Starts the poller and the workers.
  Status Start();

  /// Stops accepting, lets handlers already running finish, closes every connection (streams
  /// end), joins every thread and removes the socket file. Idempotent; never call it from a
  /// handler (it waits for the handlers).
  void Stop();

  const std::string& socket_path() const { return options_.socket_path; }

  /// How many connections have been accepted since Listen.
  std::size_t accepted_count() const;
  /// How many connections are open now.
  std::size_t connection_count() const;

 private:
  friend class Exchange;
  struct Entry {
    std::shared_ptr<PeerConnection> peer;
    QuotaTicket place;
  };

  Server(ServerOptions options, Handler handler, UnixListener listener, int epoll_fd,
         Canceller wake);

  void PollLoop();
  void WorkLoop();
  void AcceptAll();
  void OnPeerEvents(PeerConnection* peer, std::uint32_t events,
                    PeerConnection::Clock::time_point now);
  void SweepAll(PeerConnection::Clock::time_point now);
  // Queues a complete request for the workers, behind that uid's earlier ones.
  void Dispatch(std::shared_ptr<PeerConnection> peer);
  // The next request of the first uid in turn below its in-flight cap; null when stopping.
  std::shared_ptr<PeerConnection> NextRequest();
  void Serve(const std::shared_ptr<PeerConnection>& peer);
  void Done(uid_t uid);
  bool stopping() const { return stopping_.load(); }

  const ServerOptions options_;
  const Handler handler_;
  const std::size_t in_flight_cap_;
  UnixListener listener_;
  const int epoll_fd_;
  Canceller wake_;  // wakes the poller when stopping
  const std::shared_ptr<UidQuota> connection_places_;
  const std::shared_ptr<UidQuota> stream_places_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::map<PeerConnection*, Entry> peers_;
  UidTurns<std::shared_ptr<PeerConnection>> waiting_;
  std::map<uid_t, std::size_t> in_flight_;
  std::size_t accepted_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<bool> stopping_{false};
  std::thread poller_;
  std::vector<std::thread> workers_;
};

}  // namespace ds01::http
