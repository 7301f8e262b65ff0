#include "http/test_server.h"

#include <dirent.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "http/message.h"

namespace ds01::http::testing {

PeerSocket::PeerSocket(int fd) : fd_(fd) {
  timeval ten_seconds{10, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &ten_seconds, sizeof(ten_seconds));
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &ten_seconds, sizeof(ten_seconds));
}

PeerSocket::~PeerSocket() { Close(); }

void PeerSocket::Close() {
  if (fd_ >= 0) close(std::exchange(fd_, -1));
}

bool PeerSocket::ReadMore() {
  char chunk[4096];
  ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::string PeerSocket::ReadRequest() {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore()) return "";
  }
  std::size_t length = 0;
  std::string head = buffer_.substr(0, end);
  std::size_t at = head.find("Content-Length: ");
  if (at != std::string::npos) length = std::strtoul(head.c_str() + at + 16, nullptr, 10);
  while (buffer_.size() < end + 4 + length) {
    if (!ReadMore()) return "";
  }
  std::string request = buffer_.substr(0, end + 4 + length);
  buffer_.erase(0, end + 4 + length);
  return request;
}

std::string PeerSocket::ReadToEnd() {
  while (ReadMore()) {
  }
  return std::exchange(buffer_, std::string());
}

void PeerSocket::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void PeerSocket::ShutdownWrite() { shutdown(fd_, SHUT_WR); }

ScriptedServer::ScriptedServer(std::vector<Script> scripts) : scripts_(std::move(scripts)) {
  char dir_template[] = "/tmp/ds01-http-test-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = dir_template;
  path_ = dir_ + "/server.sock";
  listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("cannot listen on " + path_);
  }
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

ScriptedServer::~ScriptedServer() {
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(stop_fd_, &one, sizeof(one));
  acceptor_.join();
  for (auto& worker : workers_) worker.join();
  close(listen_fd_);
  close(stop_fd_);
  unlink(path_.c_str());
  rmdir(dir_.c_str());
}

Endpoint ScriptedServer::endpoint() const {
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kUnix;
  endpoint.path = path_;
  return endpoint;
}

void ScriptedServer::AcceptLoop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::size_t index = static_cast<std::size_t>(accepted_.fetch_add(1));
    if (index >= scripts_.size()) {
      close(fd);
      continue;
    }
    workers_.emplace_back([this, index, fd] {
      PeerSocket peer(fd);
      scripts_[index](peer);
    });
  }
}

void AnswerPings(PeerSocket& peer) {
  while (!peer.ReadRequest().empty()) peer.Write(kDockerPing);
}

std::string Chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

std::string MuxFrame(int stream, std::string_view payload) {
  std::string header(8, '\0');
  header[0] = static_cast<char>(stream);
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) header[4 + i] = static_cast<char>(size >> (24 - 8 * i));
  return header + std::string(payload);
}

Request Get(std::string target) { return Request{"GET", std::move(target), {}, ""}; }

int OpenFdCount() {
  int count = 0;
  DIR* dir = opendir("/proc/self/fd");
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory stream itself
}

}  // namespace ds01::http::testing
