#include "http/server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>

#include "http/response_writer.h"

namespace ds01::http {
namespace {

using Clock = PeerConnection::Clock;
using std::chrono::milliseconds;

// How often deadlines are checked: a timeout fires at most this much late.
constexpr milliseconds kSweepInterval{50};

// A connection over the caps gets a reason before it is closed, when its buffer takes one.
void RefuseConnection(int fd, uid_t uid, const UidQuota& places) {
  const bool own_cap = uid != 0 && places.held_by(uid) >= places.per_uid_cap();
  const std::string reason =
      own_cap
          ? "uid " + std::to_string(uid) + " already has " + std::to_string(places.per_uid_cap()) +
                " connections open to ds01d (the most one user may): close some, e.g. "
                "`ds01 events --follow` sessions left running"
          : "ds01d has " + std::to_string(places.total_cap()) +
                " connections open (the most it serves at once): try again shortly";
  const std::string bytes = SerializeResponse(PlainResponse(503, reason), false);
  [[maybe_unused]] ssize_t sent = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  close(fd);
}

}  // namespace

Handler Answering(std::function<Response(const ServerRequest&)> respond) {
  return [respond = std::move(respond)](Exchange& exchange) {
    exchange.Reply(respond(exchange.request()));
  };
}

Result<std::unique_ptr<Server>> Server::Listen(ServerOptions options, Handler handler) {
  if (options.workers == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "a server needs at least one worker");
  }
  auto listener = UnixListener::Listen(options.socket_path, options.socket_mode);
  if (!listener.ok()) return std::move(listener).error();
  auto wake = Canceller::Create();
  if (!wake.ok()) return std::move(wake).error();
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    return MakeError(ErrorCode::kInternal, std::string("epoll: ") + std::strerror(errno),
                     "raise the open-file limit (ulimit -n)");
  }
  return std::unique_ptr<Server>(new Server(std::move(options), std::move(handler),
                                            std::move(listener).value(), epoll_fd,
                                            std::move(wake).value()));
}

Server::Server(ServerOptions options, Handler handler, UnixListener listener, int epoll_fd,
               Canceller wake)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      in_flight_cap_(options_.max_in_flight_per_uid != 0
                         ? options_.max_in_flight_per_uid
                         : std::max<std::size_t>(1, options_.workers / 2)),
      listener_(std::move(listener)),
      epoll_fd_(epoll_fd),
      wake_(std::move(wake)),
      connection_places_(
          UidQuota::Create(options_.max_connections, options_.max_connections_per_uid)),
      stream_places_(UidQuota::Create(options_.max_streams, options_.max_streams_per_uid)) {}

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
  epoll_event listen_event{};
  listen_event.events = EPOLLIN;
  listen_event.data.ptr = &listener_;
  epoll_event wake_event{};
  wake_event.events = EPOLLIN;
  wake_event.data.ptr = &wake_;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listener_.fd(), &listen_event) != 0 ||
      epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_.fd(), &wake_event) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("epoll: ") + std::strerror(errno),
                     "raise the open-file limit (ulimit -n)");
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
  for (auto& [_, entry] : peers_) entry.peer->Close();
  peers_.clear();
  waiting_ = {};
  listener_.Close();
}

std::size_t Server::accepted_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accepted_;
}

std::size_t Server::connection_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return peers_.size();
}

void Server::PollLoop() {
  epoll_event events[64];
  auto last_sweep = Clock::now();
  while (!stopping_) {
    const int n = epoll_wait(epoll_fd_, events, 64, static_cast<int>(kSweepInterval.count()));
    if (n < 0 && errno != EINTR) return;
    if (stopping_) return;
    const auto now = Clock::now();
    for (int i = 0; i < n; ++i) {
      void* source = events[i].data.ptr;
      if (source == &listener_) {
        AcceptAll();
      } else if (source != &wake_) {
        OnPeerEvents(static_cast<PeerConnection*>(source), events[i].events, now);
      }
    }
    if (now - last_sweep >= kSweepInterval) {
      SweepAll(now);
      last_sweep = now;
    }
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
    QuotaTicket place = connection_places_->TryTake(cred.uid);
    if (!place) {
      RefuseConnection(fd, cred.uid, *connection_places_);
      continue;
    }
    auto peer = std::make_shared<PeerConnection>(
        Socket(fd, "client pid " + std::to_string(cred.pid) + " on " + options_.socket_path),
        PeerCredentials{cred.uid, cred.gid, cred.pid}, options_.limits, options_.timeouts,
        epoll_fd_);
    std::lock_guard<std::mutex> lock(mutex_);
    ++accepted_;
    PeerConnection* key = peer.get();
    peers_.emplace(key, Entry{std::move(peer), std::move(place)});
    if (!key->Watch()) peers_.erase(key);
  }
}

void Server::OnPeerEvents(PeerConnection* key, std::uint32_t events, Clock::time_point now) {
  std::shared_ptr<PeerConnection> peer;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = peers_.find(key);
    if (it == peers_.end()) return;
    peer = it->second.peer;
  }
  switch (peer->OnEvents(events, now)) {
    case PeerConnection::Next::kDispatch:
      Dispatch(std::move(peer));
      break;
    case PeerConnection::Next::kClose: {
      std::lock_guard<std::mutex> lock(mutex_);
      peers_.erase(key);
      break;
    }
    case PeerConnection::Next::kWait:
      break;
  }
}

void Server::SweepAll(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = peers_.begin(); it != peers_.end();) {
    if (it->second.peer->Sweep(now) == PeerConnection::Next::kClose) {
      it = peers_.erase(it);
    } else {
      ++it;
    }
  }
}

void Server::Dispatch(std::shared_ptr<PeerConnection> peer) {
  const uid_t uid = peer->credentials().uid;
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  waiting_.Push(uid, std::move(peer));
  work_ready_.notify_one();
}

std::shared_ptr<PeerConnection> Server::NextRequest() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (stopping_) return nullptr;
    auto next = waiting_.Take([this](uid_t uid) { return in_flight_[uid] < in_flight_cap_; });
    if (next) {
      ++in_flight_[next->first];
      return std::move(next->second);
    }
    work_ready_.wait(lock);
  }
}

void Server::Done(uid_t uid) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = in_flight_.find(uid);
  if (--it->second == 0) in_flight_.erase(it);
  work_ready_.notify_one();
}

void Server::WorkLoop() {
  while (auto peer = NextRequest()) {
    Serve(peer);
    Done(peer->credentials().uid);
  }
}

void Server::Serve(const std::shared_ptr<PeerConnection>& peer) {
  // Served even when the client has hung up: a half-closed client (`nc -N`, socat) still reads
  // the answer, and one that is gone costs one handler run; client_gone() tells the handler.
  Exchange exchange(*this, peer, ServerRequest{peer->TakeRequest(), peer->credentials()});
  try {
    handler_(exchange);
  } catch (const std::exception& e) {
    exchange.Reply(PlainResponse(500, std::string("internal error: ") + e.what()));
  } catch (...) {
    exchange.Reply(PlainResponse(500, "internal error"));
  }
  exchange.Reply(PlainResponse(500, "internal error: the handler gave no answer"));
}

}  // namespace ds01::http
