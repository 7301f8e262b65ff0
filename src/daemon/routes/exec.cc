#include "daemon/routes/exec.h"

#include "api/lifecycle.h"
#include "api/wire_exec.h"
#include "api/wire_json.h"
#include "core/container_account.h"
#include "core/container_view.h"
#include "core/refusals.h"
#include "daemon/api_response.h"
#include "daemon/hand_over.h"
#include "daemon/request_bodies.h"

namespace ds01::daemon {
namespace {

constexpr std::size_t kExecBodyBytes = 64u << 10;  // a command line and its environment
constexpr std::size_t kResizeBodyBytes = 1u << 10;
constexpr std::string_view kExecProtocol = "ds01-exec";

constexpr RouteTraits kStarting{Access::kOwnContainer, false, kExecBodyBytes,
                                EngineUse::kWaitsAlongside};
constexpr RouteTraits kReading{Access::kOwnContainer, true, 0, EngineUse::kWaitsAlongside};
constexpr RouteTraits kResizing{Access::kOwnContainer, false, kResizeBodyBytes,
                                EngineUse::kWaitsAlongside};

// container-attach's shell: bash where the image has it, else sh.
const std::vector<std::string>& Shell() {
  static const std::vector<std::string> shell = {
      "/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh"};
  return shell;
}

// The owner's running container {name}, or the refusal they read.
Result<core::ContainerView> RunningContainer(const RouteCall& call, const ApiDeps& deps) {
  auto found = core::ContainerViews(deps.store).Find(call.owner, call.name());
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return core::NoSuchContainer(call.name());
  auto entered = api::Transition((*found)->record.state, api::Action::kEnter, call.name());
  if (!entered.ok()) return std::move(entered).error();
  return std::move(**found);
}

// The uid part of "uid" or "uid:gid".
std::string_view UidOf(std::string_view user) { return user.substr(0, user.find(':')); }

// Who the process runs as: the container's own user (the owner's uid:gid unless an admin's
// policy let the container run as another), or the owner named as the request allows. Never
// anyone else: root in a container that runs as the owner could leave set-uid files in their
// workspace for the host.
Result<std::string> ExecUser(std::string_view asked, const std::string& container_user,
                             const store::ContainerRecord& record) {
  const std::string uid = std::to_string(record.uid);
  if (asked.empty() || asked == container_user) return container_user;
  if (asked == uid || asked == record.user || UidOf(asked) == uid) {
    if (UidOf(container_user) == uid) return container_user;
    if (asked == uid || asked == record.user) return uid;
  }
  return MakeError(ErrorCode::kPermissionDenied,
                   "Running as user '" + std::string(asked) + "' refused: commands in " +
                       record.name + " run as " +
                       (container_user.empty() ? "its image's user" : container_user),
                   "drop --user");
}

docker::ExecSpec SpecFor(const api::ExecRequest& request, std::string user,
                         const store::ContainerRecord& record) {
  docker::ExecSpec spec;
  spec.cmd = request.shell ? Shell() : request.cmd;
  spec.env = request.env;
  if (UidOf(user) == std::to_string(record.uid)) {
    const core::ContainerAccount account{record.user, record.uid, 0};
    spec.env.try_emplace("HOME", account.home());
    spec.env.try_emplace("USER", record.user);
    spec.env.try_emplace("LOGNAME", record.user);
  }
  if (request.shell) spec.env.try_emplace("PS1", "\\u@\\h:\\w\\$ ");
  if (request.tty) spec.env.try_emplace("TERM", "xterm");
  spec.working_dir = request.workdir;
  spec.user = std::move(user);
  spec.tty = request.tty;
  spec.attach_stdin = !request.detach && (request.stdin_open || request.tty);
  spec.attach_stdout = !request.detach;
  spec.attach_stderr = !request.detach;
  return spec;
}

// Gives the client the exec's own connection; from here ds01d is out of its path.
void HandOverExec(const RouteCall& call, const ApiDeps& deps, const std::string& exec_id,
                  bool tty) {
  HandOver(call, kExecProtocol, [&]() -> Result<HandOff> {
    auto started = deps.exec.StartExecHijacked(exec_id, tty);
    if (!started.ok()) return std::move(started).error();
    const api::ExecStarted line{exec_id, tty, started->early_bytes.size()};
    return HandOff{std::move(started->socket), api::DumpWire(line),
                   std::move(started->early_bytes)};
  });
}

void Exec(const RouteCall& call, const ApiDeps& deps) {
  auto container = RunningContainer(call, deps);
  if (!container.ok()) return call.Reply(ErrorResponse(container.error()));
  auto request = ParseExecBody(call.body());
  if (!request.ok()) return call.Reply(ErrorResponse(request.error()));
  if (!request->detach && !AsksForHandOver(call, kExecProtocol)) {
    return call.Reply(ErrorResponse(
        MakeError(ErrorCode::kInvalidArgument, "An attached exec hands over its connection",
                  "send Connection: Upgrade and Upgrade: ds01-exec, or \"detach\": true")));
  }
  const store::ContainerRecord& record = container->record;
  auto inspect = deps.engine.Inspect(record.docker_id);
  if (!inspect.ok()) return call.Reply(ErrorResponse(inspect.error()));
  auto user = ExecUser(request->user, inspect->user, record);
  if (!user.ok()) return call.Reply(ErrorResponse(user.error()));
  deps.accounts.Ensure(record);
  auto exec_id = deps.exec.CreateExec(record.docker_id, SpecFor(*request, *user, record));
  if (!exec_id.ok()) return call.Reply(ErrorResponse(exec_id.error()));
  if (!request->detach) return HandOverExec(call, deps, *exec_id, request->tty);
  Status started = deps.exec.StartExecDetached(*exec_id);
  if (!started.ok()) return call.Reply(ErrorResponse(started.error()));
  call.Reply(JsonResponse(201, api::ExecStarted{*exec_id, request->tty, 0}));
}

// The exec {id}, when it runs in the caller's container {name}; any other is as missing.
Result<docker::ExecInspect> OwnExec(const RouteCall& call, const ApiDeps& deps) {
  const std::string& id = call.params.find("id")->second;
  auto found = core::ContainerViews(deps.store).Find(call.owner, call.name());
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return core::NoSuchContainer(call.name());
  const auto missing = [&] {
    return MakeError(ErrorCode::kNotFound, "No such exec " + id + " in container " + call.name(),
                     "exec ids come from POST /v1/containers/{name}/exec");
  };
  if (id.empty() || id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return missing();
  }
  auto inspect = deps.exec.InspectExec(id);
  if (!inspect.ok() || inspect->container_id != (*found)->record.docker_id) return missing();
  return inspect;
}

void ExecStatus(const RouteCall& call, const ApiDeps& deps) {
  auto exec = OwnExec(call, deps);
  if (!exec.ok()) return call.Reply(ErrorResponse(exec.error()));
  api::ExecState state{exec->running, exec->exit_code};
  if (state.running) {
    // Its output has ended, most likely: the engine records the exit a moment later.
    auto code = deps.exec.ExecExitCode(exec->id);
    if (code.ok()) state = {false, *code};
  }
  call.Reply(JsonResponse(200, state));
}

void Resize(const RouteCall& call, const ApiDeps& deps) {
  auto exec = OwnExec(call, deps);
  if (!exec.ok()) return call.Reply(ErrorResponse(exec.error()));
  auto size = ParseResizeBody(call.body());
  if (!size.ok()) return call.Reply(ErrorResponse(size.error()));
  Status resized = deps.exec.ResizeExec(exec->id, size->height, size->width);
  if (!resized.ok()) return call.Reply(ErrorResponse(resized.error()));
  call.Reply(JsonResponse(200, *size));
}

}  // namespace

void AddExecRoutes(Router& router, const ApiDeps& deps) {
  router.Add("POST", "/v1/containers/{name}/exec", kStarting, With(deps, Exec));
  router.Add("GET", "/v1/containers/{name}/exec/{id}", kReading, With(deps, ExecStatus));
  router.Add("POST", "/v1/containers/{name}/exec/{id}/resize", kResizing, With(deps, Resize));
}

}  // namespace ds01::daemon
