#include "http/server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>

#include "http/connection.h"
#include "http/response_writer.h"
#include "http/unix_listener.h"

namespace ds01::http {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

Response PlainResponse(int status, std::string text) {
  return Response{status, "", {{"Content-Type", "text/plain; charset=utf-8"}}, text + "\n"};
}

}  // namespace

std::string_view ServerRequest::path() const {
  std::string_view target = request.target;
  return target.substr(0, target.find('?'));
}

std::string_view ServerRequest::query() const {
  std::string_view target = request.target;
  std::size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
}

struct Server::Peer {
  Peer(Socket socket, PeerCredentials peer, RequestLimits limits)
      : connection(std::move(socket)), credentials(peer), parser(limits) {}

  Connection connection;
  PeerCredentials credentials;
  RequestParser parser;
  bool busy = false;  // queued or with a worker, so not watched by epoll
  Clock::time_point last_active = Clock::now();
};

Result<std::unique_ptr<Server>> Server::Listen(ServerOptions options, Handler handler) {
  if (options.workers == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "a server needs at least one worker");
  }
  auto listener = UnixListener::Listen(options.socket_path, options.socket_mode);
  if (!listener.ok()) return std::move(listener).error();
  auto wake = Canceller::Create();
  if (!wake.ok()) return std::move(wake).error();
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  epoll_event listen_event{};
  listen_event.events = EPOLLIN;
  listen_event.data.fd = listener->fd();
  epoll_event wake_event{};
  wake_event.events = EPOLLIN;
  wake_event.data.fd = wake->fd();
  if (epoll_fd < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener->fd(), &listen_event) != 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake->fd(), &wake_event) != 0) {
    Error error = MakeError(ErrorCode::kInternal, std::string("epoll: ") + std::strerror(errno),
                            "raise the open-file limit (ulimit -n)");
    if (epoll_fd >= 0) close(epoll_fd);
    return error;
  }
  return std::unique_ptr<Server>(new Server(std::move(options), std::move(handler),
                                            std::move(listener).value(), epoll_fd,
                                            std::move(wake).value()));
}

Server::Server(ServerOptions options, Handler handler, UnixListener listener, int epoll_fd,
               Canceller wake)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      listener_(std::move(listener)),
      epoll_fd_(epoll_fd),
      wake_(std::move(wake)) {}

Server::~Server() {
  Stop();
  close(epoll_fd_);
}

Status Server::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_ || stopped_) {
    return MakeError(ErrorCode::kConflict,
                     "the server on " + options_.socket_path + " was already started");
  }
  started_ = true;
  try {
    poller_ = std::thread([this] { PollLoop(); });
    for (std::size_t i = 0; i < options_.workers; ++i) {
      workers_.emplace_back([this] { WorkLoop(); });
    }
  } catch (const std::system_error& e) {
    return MakeError(ErrorCode::kInternal, std::string("cannot start server threads: ") + e.what(),
                     "raise the thread limit or use fewer workers");
  }
  return Ok();
}

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
  }
  wake_.Cancel();
  work_ready_.notify_all();
  if (poller_.joinable()) poller_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.clear();
  peers_.clear();
  listener_.Close();
}

std::size_t Server::accepted_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accepted_;
}

bool Server::Arm(Peer& peer, int op) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.fd = peer.connection.socket().fd();
  return epoll_ctl(epoll_fd_, op, event.data.fd, &event) == 0;
}

void Server::PollLoop() {
  const int sweep_ms =
      static_cast<int>(std::clamp<long long>(options_.idle_timeout.count() / 4, 10, 1000));
  epoll_event events[64];
  while (!stopping_) {
    int n = epoll_wait(epoll_fd_, events, 64, sweep_ms);
    if (n < 0 && errno != EINTR) return;
    if (stopping_) return;
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listener_.fd()) {
        AcceptAll();
      } else if (fd != wake_.fd()) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = peers_.find(fd);
        if (it == peers_.end() || it->second->busy) continue;
        it->second->busy = true;
        queue_.push_back(it->second.get());
        work_ready_.notify_one();
      }
    }
    CloseIdle(Clock::now());
  }
}

void Server::AcceptAll() {
  while (true) {
    int fd = accept4(listener_.fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      // Out of fds: let the backlog wait instead of spinning on a readable listener.
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(milliseconds(10));
      return;
    }
    ucred cred{};
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
      close(fd);
      continue;
    }
    auto peer = std::make_unique<Peer>(
        Socket(fd, "client pid " + std::to_string(cred.pid) + " on " + options_.socket_path),
        PeerCredentials{cred.uid, cred.gid, cred.pid}, options_.limits);
    std::lock_guard<std::mutex> lock(mutex_);
    if (peers_.size() >= options_.max_connections) continue;  // the Peer closes it
    ++accepted_;
    if (Arm(*peer, EPOLL_CTL_ADD)) peers_[fd] = std::move(peer);
  }
}

void Server::CloseIdle(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = peers_.begin(); it != peers_.end();) {
    Peer& peer = *it->second;
    if (!peer.busy && now - peer.last_active > options_.idle_timeout) {
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
      it = peers_.erase(it);
    } else {
      ++it;
    }
  }
}

void Server::WorkLoop() {
  while (true) {
    Peer* peer = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      peer = queue_.front();
      queue_.pop_front();
    }
    Finish(peer, ServeOne(*peer));
  }
}

void Server::Finish(Peer* peer, bool keep_open) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int fd = peer->connection.socket().fd();
  if (keep_open && !stopping_) {
    peer->parser.Reset();
    peer->last_active = Clock::now();
    if (!peer->connection.buffered().empty()) {  // a pipelined request is already here
      queue_.push_back(peer);
      work_ready_.notify_one();
      return;
    }
    peer->busy = false;
    if (Arm(*peer, EPOLL_CTL_MOD)) return;
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  peers_.erase(fd);
}

bool Server::ServeOne(Peer& peer) {
  Connection& connection = peer.connection;
  RequestParser& parser = peer.parser;
  const milliseconds io = options_.io_timeout;
  bool continue_sent = false;
  while (true) {
    std::string_view input = connection.buffered();
    const std::size_t before = input.size();
    auto kind = parser.Next(input);
    connection.Consume(before - input.size());
    if (!kind.ok()) {
      Response refusal = PlainResponse(parser.error_status(), kind.error().message);
      (void)connection.socket().WriteAll(SerializeResponse(refusal, false), io);
      return false;
    }
    if (*kind == RequestParser::Kind::kComplete) break;
    if (*kind == RequestParser::Kind::kHead) {
      if (parser.expects_continue() && !continue_sent) {
        continue_sent = true;
        if (!connection.socket().WriteAll(kContinue, io).ok()) return false;
      }
      continue;
    }
    auto n = connection.Fill(io, &wake_);
    if (!n.ok()) {
      if (n.error().code == ErrorCode::kTimeout && parser.started()) {
        Response timeout = PlainResponse(408, "the request did not arrive in time");
        (void)connection.socket().WriteAll(SerializeResponse(timeout, false), io);
      }
      return false;
    }
    if (*n == 0) return false;
  }

  ServerRequest request{std::move(parser.request()), peer.credentials};
  Response response;
  try {
    response = handler_(request);
  } catch (const std::exception& e) {
    response = PlainResponse(500, std::string("internal error: ") + e.what());
  } catch (...) {
    response = PlainResponse(500, "internal error");
  }
  const bool keep_alive = parser.keep_alive() && !stopping_;
  std::string bytes = SerializeResponse(response, keep_alive, request.request.method == "HEAD");
  return connection.socket().WriteAll(bytes, io).ok() && keep_alive;
}

}  // namespace ds01::http
