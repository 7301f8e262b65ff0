#include "cli/exec_session.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <string_view>

#include "api/wire_json.h"
#include "cli/stdio_sink.h"

namespace ds01::cli {
namespace {

constexpr std::size_t kChunk = 64u << 10;

Error Broken(std::string_view what) {
  return MakeError(ErrorCode::kUnavailable, std::string(what) + ": " + std::strerror(errno),
                   "the session ended; the container keeps running");
}

// A terminal in raw mode for as long as this lives.
class RawTerminal {
 public:
  explicit RawTerminal(int fd) : fd_(fd) {
    termios saved{};
    if (::tcgetattr(fd_, &saved) != 0) return;
    termios raw = saved;
    ::cfmakeraw(&raw);
    if (::tcsetattr(fd_, TCSANOW, &raw) == 0) saved_ = saved;
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  ~RawTerminal() {
    if (saved_) ::tcsetattr(fd_, TCSANOW, &*saved_);
  }

 private:
  int fd_;
  std::optional<termios> saved_;
};

// SIGWINCH turned into a readable pipe for the poll loop, for as long as this lives.
class WindowChanges {
 public:
  WindowChanges() {
    if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) return;
    writer_ = pipe_[1];
    struct sigaction action {};
    action.sa_handler = [](int) {
      const int saved = errno;
      (void)!::write(writer_, "w", 1);
      errno = saved;
    };
    ::sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGWINCH, &action, &previous_);
  }
  WindowChanges(const WindowChanges&) = delete;
  WindowChanges& operator=(const WindowChanges&) = delete;
  ~WindowChanges() {
    if (pipe_[0] < 0) return;
    ::sigaction(SIGWINCH, &previous_, nullptr);
    writer_ = -1;
    ::close(pipe_[0]);
    ::close(pipe_[1]);
  }

  int fd() const { return pipe_[0]; }
  void Drain() const {
    char bytes[64];
    while (::read(pipe_[0], bytes, sizeof bytes) > 0) {
    }
  }

 private:
  static inline volatile int writer_ = -1;  // read by the signal handler
  int pipe_[2] = {-1, -1};
  struct sigaction previous_ {};
};

void PassSize(int terminal, const OnResize& on_resize) {
  winsize size{};
  if (on_resize && ::ioctl(terminal, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 &&
      size.ws_col > 0) {
    on_resize(size.ws_row, size.ws_col);
  }
}

}  // namespace

Status PumpExec(HandedExec& exec, const LocalStdio& stdio, const OnResize& on_resize) {
  const int socket = exec.socket.get();
  StdioSink sink(stdio.out, stdio.err, stdio.tty, stdio.json);
  DS01_RETURN_IF_ERROR(sink.Take(exec.early_bytes));
  std::optional<RawTerminal> raw;
  std::optional<WindowChanges> windows;
  if (stdio.tty && stdio.in >= 0 && ::isatty(stdio.in) == 1) {
    raw.emplace(stdio.in);
    windows.emplace();
    PassSize(stdio.in, on_resize);
  }
  bool reading_input = stdio.in >= 0;
  char buffer[kChunk];
  while (true) {
    pollfd fds[3] = {{socket, POLLIN, 0},
                     {reading_input ? stdio.in : -1, POLLIN, 0},
                     {windows ? windows->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return Broken("waiting for the session");
    }
    if (fds[2].revents != 0) {
      windows->Drain();
      PassSize(stdio.in, on_resize);
    }
    if (fds[1].revents != 0) {
      const ssize_t got = ::read(stdio.in, buffer, sizeof buffer);
      if (got > 0) {
        if (!WriteAll(socket, std::string_view(buffer, static_cast<std::size_t>(got)))) {
          reading_input = false;  // the process closed its stdin; its output may go on
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        reading_input = false;
        if (!stdio.tty) ::shutdown(socket, SHUT_WR);  // the process reads end of file
      }
    }
    if (fds[0].revents != 0) {
      const ssize_t got = ::read(socket, buffer, sizeof buffer);
      if (got == 0) break;
      if (got < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        if (errno == ECONNRESET) break;
        return Broken("reading the session");
      }
      DS01_RETURN_IF_ERROR(sink.Take(std::string_view(buffer, static_cast<std::size_t>(got))));
    }
  }
  return sink.Finish();
}

LocalStdio StdioFor(const Session& session, bool tty, TerminalStdin terminal_stdin) {
  LocalStdio stdio{-1, session.stdout_fd, session.stderr_fd, tty};
  if (tty || terminal_stdin == TerminalStdin::kPass || ::isatty(session.stdin_fd) != 1) {
    stdio.in = session.stdin_fd;
  }
  return stdio;
}

Status RunInContainer(Session& session, const ContainerRef& target, const api::ExecRequest& request,
                      const LocalStdio& stdio) {
  session.out.flush();
  auto exec = session.daemon.OpenExec(ContainerRoute(target.name, "exec", target.owner), request);
  if (!exec.ok()) return std::move(exec).error();
  const std::string route =
      ContainerRoute(target.name, "exec/" + exec->started.exec_id, target.owner);
  const std::string resize_route =
      ContainerRoute(target.name, "exec/" + exec->started.exec_id + "/resize", target.owner);
  DS01_RETURN_IF_ERROR(PumpExec(*exec, stdio, [&](int height, int width) {
    // A lost resize leaves the old size; the session goes on.
    (void)session.daemon.Call("POST", resize_route, api::TerminalSize{height, width});
  }));
  auto state = CallAs<api::ExecState>(session.daemon, "GET", route);
  if (!state.ok()) return std::move(state).error();
  if (!state->exit_code) {
    return MakeError(
        ErrorCode::kUnavailable, "The process's output ended but it still runs",
        "it goes on in the container; container-stats " + target.name + " shows its load");
  }
  session.exit_status = *state->exit_code;
  if (stdio.json) {
    const std::string last = api::DumpWire(nlohmann::json{{"exit_code", *state->exit_code}}) + "\n";
    if (!WriteAll(stdio.out, last)) return Broken("writing the output");
  }
  return Ok();
}

}  // namespace ds01::cli
