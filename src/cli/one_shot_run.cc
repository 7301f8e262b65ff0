#include "cli/one_shot_run.h"

#include <signal.h>

#include <functional>
#include <optional>
#include <ostream>

#include "cli/exit_wait.h"
#include "cli/handed_stream.h"
#include "cli/target.h"

namespace ds01::cli {
namespace {

// Removes the container after a failure on its way to running; it never ran, so nothing of its
// is lost, and its GPUs are freed with it.
void Discard(Session& session, const std::string& name) {
  api::RemoveRequest remove;
  remove.stop = true;
  (void)session.daemon.Call("POST", ContainerRoute(name, "remove", ""), remove);
}

// Asks ds01d to stop the container; the engine then removes it, and its output ends. One that
// is gone already, or has stopped by itself meanwhile (a conflict), needs nothing.
Status Stop(Session& session, const std::string& name) {
  auto stopped = session.daemon.Call("POST", ContainerRoute(name, "stop", ""), api::StopRequest{});
  if (stopped.ok()) return Ok();
  const ErrorCode code = stopped.error().code;
  if (code == ErrorCode::kNotFound || code == ErrorCode::kConflict) return Ok();
  return std::move(stopped).error();
}

// While it lives, Ctrl-C waits: one pressed before the output is read stops the run as soon as
// it is (PumpOutput takes it), rather than end ds01 with a container made and not yet started,
// its GPU held. One left over at the end, once the run is over, is dropped.
class DeferredInterrupts {
 public:
  DeferredInterrupts() {
    ::sigemptyset(&interrupt_);
    ::sigaddset(&interrupt_, SIGINT);
    ::pthread_sigmask(SIG_BLOCK, &interrupt_, &saved_);
  }
  DeferredInterrupts(const DeferredInterrupts&) = delete;
  DeferredInterrupts& operator=(const DeferredInterrupts&) = delete;
  ~DeferredInterrupts() {
    const timespec now{0, 0};
    while (::sigtimedwait(&interrupt_, nullptr, &now) == SIGINT) {
    }
    ::pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }

 private:
  sigset_t interrupt_{};
  sigset_t saved_{};
};

// The steps up to the start, each undone by Discard when a later one fails.
Status CreateAndStart(Session& session, const api::CreateRequest& request,
                      const std::function<Status()>& before_start) {
  auto created = session.daemon.Call("POST", "/v1/containers", request);
  if (!created.ok()) return std::move(created).error();
  Status prepared = before_start();
  if (prepared.ok()) {
    auto started = session.daemon.Call("POST", ContainerRoute(request.name, "start", ""),
                                       nlohmann::json::object());
    if (started.ok()) return Ok();
    prepared = std::move(started).error();
  }
  Discard(session, request.name);
  return prepared;
}

}  // namespace

Status RunOneShot(Session& session, api::CreateRequest request, bool detach) {
  request.auto_remove = true;
  const std::string name = request.name;
  session.guide.Step("once.before", {{"name", name}});
  if (detach) {
    DS01_RETURN_IF_ERROR(CreateAndStart(session, request, [] { return Ok(); }));
    session.out << name << '\n';
    if (session.interactive) {
      session.err << "Running in the background, removed when its command exits: container-logs "
                  << name << " -f follows it, container-wait " << name << " waits for it\n";
    }
    return Ok();
  }
  const DeferredInterrupts deferred;
  const ContainerRef target{name, ""};
  std::optional<HandedStream> wait;
  std::optional<HandedStream> output;
  DS01_RETURN_IF_ERROR(CreateAndStart(session, request, [&]() -> Status {
    auto waiting = OpenExitWait(session.daemon, target, "removed");
    if (!waiting.ok()) return std::move(waiting).error();
    wait = std::move(*waiting);
    auto attached =
        session.daemon.OpenHandedStream("POST", ContainerRoute(name, "attach", ""), "ds01-attach");
    if (!attached.ok()) return std::move(attached).error();
    output = std::move(*attached);
    return Ok();
  }));
  if (session.interactive) {
    session.err << "Running " << name << ", removed when its command exits (Ctrl-C stops it)\n";
  }
  session.out.flush();
  session.err.flush();
  bool stopping = false;
  auto pumped = PumpOutput(*output, session.stdout_fd, session.stderr_fd, [&]() -> Status {
    if (stopping) return Ok();  // a Ctrl-C more while the first one's stop is under way
    stopping = true;
    session.err << "\nStopping " << name << "; it is removed once stopped\n" << std::flush;
    return Stop(session, name);
  });
  if (!pumped.ok()) return std::move(pumped).error();
  if (*pumped == OutputEnd::kReaderGone) {
    // Nobody reads what it writes any more: a run whose output is wanted no longer. The output
    // is let go first, so that the engine, its writes to it failing, holds up nothing.
    output.reset();
    DS01_RETURN_IF_ERROR(Stop(session, name));
  }
  auto exit = AwaitExit(*wait, std::nullopt);
  if (!exit.ok()) return std::move(exit).error();
  if (!exit->error.empty()) {
    return MakeError(ErrorCode::kUnavailable,
                     "The engine lost track of " + name + "'s exit: " + exit->error,
                     "check container-list; its output is above");
  }
  session.exit_status = exit->status_code;
  session.guide.Step("once.after", {{"name", name}});
  return Ok();
}

}  // namespace ds01::cli
