#include "docker/exec.h"

#include <thread>
#include <utility>

#include "docker/api_path.h"
#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

// The engine closes an exec's output a moment before it records the exit code.
constexpr int kExitCodePolls = 100;
constexpr std::chrono::milliseconds kExitCodePollInterval{10};

std::string StartBody(bool detach, bool tty) {
  return nlohmann::json{{"Detach", detach}, {"Tty", tty}}.dump();
}

ApiPath ExecPath(std::string_view exec_id) {
  ApiPath path("/exec");
  path.Segment(exec_id);
  return path;
}

}  // namespace

Result<nlohmann::json> ExecCreateBody(const ExecSpec& spec) {
  if (spec.cmd.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "An exec needs a command",
                     "give the command to run in the container");
  }
  nlohmann::json body = {{"Cmd", spec.cmd},
                         {"Tty", spec.tty},
                         {"AttachStdin", spec.attach_stdin},
                         {"AttachStdout", spec.attach_stdout},
                         {"AttachStderr", spec.attach_stderr}};
  if (!spec.env.empty()) {
    std::vector<std::string> env;
    for (const auto& [key, value] : spec.env) env.push_back(key + "=" + value);
    body["Env"] = std::move(env);
  }
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  if (!spec.user.empty()) body["User"] = spec.user;
  return body;
}

Result<ExecInspect> ParseExecInspect(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "an exec inspect");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  ExecInspect inspect;
  inspect.id = StringField(doc, "ID");
  inspect.container_id = StringField(doc, "ContainerID");
  inspect.running = BoolField(doc, "Running");
  const nlohmann::json& exit_code = Field(doc, "ExitCode");
  if (!inspect.running && exit_code.is_number_integer()) inspect.exit_code = exit_code.get<int>();
  inspect.pid = static_cast<int>(IntField(doc, "Pid"));
  inspect.tty = BoolField(Field(doc, "ProcessConfig"), "tty");
  inspect.raw = std::move(*parsed);
  return inspect;
}

Result<std::string> ExecApi::Create(std::string_view container, const ExecSpec& spec) {
  Result<nlohmann::json> body = ExecCreateBody(spec);
  if (!body.ok()) return body.error();
  ApiPath path("/containers");
  path.Segment(container).Then("exec");
  Result<http::Response> response = engine_.Call("POST", path.str(), body->dump());
  if (!response.ok()) return response.error();
  Result<nlohmann::json> created = ParseJson(response->body, "an exec create");
  if (!created.ok()) return created.error();
  return StringField(*created, "Id");
}

Status ExecApi::StartDetached(std::string_view exec_id) {
  Result<http::Response> response =
      engine_.Call("POST", ExecPath(exec_id).Then("start").str(), StartBody(true, false));
  if (!response.ok()) return std::move(response).error();
  return Ok();
}

Result<std::unique_ptr<OutputStream>> ExecApi::Start(std::string_view exec_id, bool tty) {
  Result<std::unique_ptr<http::BodyStream>> body =
      engine_.OpenStream("POST", ExecPath(exec_id).Then("start").str(), StartBody(false, tty));
  if (!body.ok()) return body.error();
  return std::make_unique<OutputStream>(BodySource(std::move(*body)), tty);
}

Result<std::unique_ptr<HijackedStream>> ExecApi::StartHijacked(std::string_view exec_id, bool tty) {
  Result<std::unique_ptr<http::RawStream>> raw =
      engine_.Hijack("POST", ExecPath(exec_id).Then("start").str(), StartBody(false, tty));
  if (!raw.ok()) return raw.error();
  return std::make_unique<HijackedStream>(std::move(*raw), tty);
}

Result<ExecInspect> ExecApi::Inspect(std::string_view exec_id) {
  Result<http::Response> response = engine_.Call("GET", ExecPath(exec_id).Then("json").str());
  if (!response.ok()) return response.error();
  return ParseExecInspect(response->body);
}

Status ExecApi::Resize(std::string_view exec_id, int height, int width) {
  ApiPath path = ExecPath(exec_id);
  path.Then("resize").Add("h", height).Add("w", width);
  Result<http::Response> response = engine_.Call("POST", path.str());
  if (!response.ok()) return std::move(response).error();
  return Ok();
}

Result<int> ExecApi::ExitCode(std::string_view exec_id) {
  for (int poll = 0; poll < kExitCodePolls; ++poll) {
    Result<ExecInspect> inspect = Inspect(exec_id);
    if (!inspect.ok()) return inspect.error();
    if (inspect->exit_code) return *inspect->exit_code;
    std::this_thread::sleep_for(kExitCodePollInterval);
  }
  return MakeError(ErrorCode::kTimeout,
                   "Exec " + std::string(exec_id) + " is still running after its output ended",
                   "inspect it again later");
}

Result<ExecResult> ExecApi::Run(std::string_view container, const ExecSpec& spec) {
  Result<std::string> id = Create(container, spec);
  if (!id.ok()) return id.error();
  Result<std::unique_ptr<OutputStream>> output = Start(*id, spec.tty);
  if (!output.ok()) return output.error();
  Result<CollectedOutput> collected = (*output)->ReadAll();
  if (!collected.ok()) return collected.error();
  Result<int> exit_code = ExitCode(*id);
  if (!exit_code.ok()) return exit_code.error();
  return ExecResult{*exit_code, std::move(collected->out), std::move(collected->err)};
}

}  // namespace ds01::docker
