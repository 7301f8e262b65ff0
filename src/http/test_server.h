#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "http/endpoint.h"
#include "http/message.h"

namespace ds01::http::testing {

/// The server's side of one test connection: blocking helpers a script uses to replay what a
/// real server (dockerd) sends. Every read gives up after 10 s so a broken test cannot hang.
class PeerSocket {
 public:
  explicit PeerSocket(int fd);
  ~PeerSocket();

  /// One request (head and Content-Length body) as sent; empty when the client closed first.
  std::string ReadRequest();

  /// Everything until the client half-closes or closes.
  std::string ReadToEnd();

  void Write(std::string_view bytes);
  void ShutdownWrite();
  /// Closes the connection now, as a server dropping an idle keep-alive connection does.
  void Close();
  int fd() const { return fd_; }

 private:
  // Appends what the next read brings; false at end of stream.
  bool ReadMore();

  int fd_;
  std::string buffer_;
};

/// A unix-socket listener in a fresh temporary directory; the i-th connection it accepts is
/// served by the i-th script on a thread of its own, later ones are closed at once.
class ScriptedServer {
 public:
  using Script = std::function<void(PeerSocket&)>;

  explicit ScriptedServer(std::vector<Script> scripts);
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  /// Stops accepting, waits for every script, removes the socket and its directory.
  ~ScriptedServer();

  Endpoint endpoint() const;

  /// How many connections were accepted so far.
  int accepted() const { return accepted_.load(); }

 private:
  void AcceptLoop();

  std::vector<Script> scripts_;
  std::string dir_;
  std::string path_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;
  std::atomic<int> accepted_{0};
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

/// How many file descriptors this process has open (for leak checks).
int OpenFdCount();

/// dockerd's answer to GET /_ping.
inline constexpr std::string_view kDockerPing =
    "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Server: Docker/20.10.24+dfsg1 (linux)\r\nContent-Length: 2\r\n\r\nOK";

/// A script that answers every request on its connection with kDockerPing.
void AnswerPings(PeerSocket& peer);

/// One chunk of a chunked body carrying `data`.
std::string Chunk(std::string_view data);

/// One frame of Docker's multiplexed stream (stream 0 stdin, 1 stdout, 2 stderr).
std::string MuxFrame(int stream, std::string_view payload);

/// A GET request for `target`.
Request Get(std::string target);

}  // namespace ds01::http::testing
