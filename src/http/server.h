#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.h"
#include "http/message.h"
#include "http/request_parser.h"
#include "http/socket.h"
#include "http/unix_listener.h"

namespace ds01::http {

/// Who is on the other end of a unix socket, as the kernel saw it at connect (SO_PEERCRED).
struct PeerCredentials {
  uid_t uid = 0;
  gid_t gid = 0;
  pid_t pid = 0;
};

/// One parsed request and the credentials of the process that sent it.
struct ServerRequest {
  Request request;
  PeerCredentials peer;

  /// The target without its query: "/v1/containers".
  std::string_view path() const;
  /// The query without '?': "all=1&format=json"; empty when there is none.
  std::string_view query() const;
};

using Handler = std::function<Response(const ServerRequest&)>;

struct ServerOptions {
  std::string socket_path;
  mode_t socket_mode = 0660;
  std::size_t workers = 4;
  std::size_t max_connections = 256;              // more are closed at accept
  RequestLimits limits;                           // a bigger request is answered 413/431
  std::chrono::milliseconds io_timeout{30000};    // each wait while a request is half read/written
  std::chrono::milliseconds idle_timeout{60000};  // a keep-alive connection with no request
};

/// An HTTP/1.1 server on a unix socket: one poller thread accepts connections and watches the
/// idle ones (epoll), a fixed pool of worker threads reads each request, runs the handler and
/// writes the response. Connections are kept alive between requests without holding a worker,
/// so idle clients never starve busy ones. Handlers run concurrently on the workers.
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

  /// Stops accepting, lets handlers already running finish (their responses are written),
  /// closes every connection, joins every thread and removes the socket file. Idempotent;
  /// never call it from a handler (it waits for the handlers).
  void Stop();

  const std::string& socket_path() const { return options_.socket_path; }

  /// How many connections have been accepted since Listen.
  std::size_t accepted_count() const;

  // Internal; public only so that the .cc's helpers can name it.
  struct Peer;

 private:
  Server(ServerOptions options, Handler handler, UnixListener listener, int epoll_fd,
         Canceller wake);

  void PollLoop();
  void WorkLoop();
  void AcceptAll();
  void CloseIdle(std::chrono::steady_clock::time_point now);
  // Serves one request; true when the connection stays open for another.
  bool ServeOne(Peer& peer);
  // After a request: back to epoll, straight back to the queue (pipelined bytes), or closed.
  void Finish(Peer* peer, bool keep_open);
  // Adds to (or re-arms in) the epoll set, one-shot; false when epoll refuses.
  bool Arm(Peer& peer, int op);

  const ServerOptions options_;
  const Handler handler_;
  UnixListener listener_;
  const int epoll_fd_;
  Canceller wake_;  // wakes the poller and every blocked read when stopping

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::map<int, std::unique_ptr<Peer>> peers_;  // by fd
  std::deque<Peer*> queue_;
  std::size_t accepted_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<bool> stopping_{false};
  std::thread poller_;
  std::vector<std::thread> workers_;
};

}  // namespace ds01::http
