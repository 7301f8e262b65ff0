#include "docker/containers.h"

#include <algorithm>
#include <utility>

#include "docker/api_path.h"
#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Stop, restart and kill answer only once the container is down: allow its grace period and a
// margin on top of the usual I/O timeout.
constexpr seconds kDefaultStopGrace{10};
constexpr seconds kLifecycleMargin{60};
constexpr seconds kLongestGrace{365LL * 24 * 3600};  // far beyond any stop ds01 allows

ApiPath ContainerPath(std::string_view id) {
  ApiPath path("/containers");
  path.Segment(id);
  return path;
}

std::string_view ConditionName(WaitCondition condition) {
  switch (condition) {
    case WaitCondition::kNextExit:
      return "next-exit";
    case WaitCondition::kRemoved:
      return "removed";
    case WaitCondition::kNotRunning:
      break;
  }
  return "not-running";
}

// An answer whose head has come, taken off the client for another reader.
Result<AnswerConnection> Detached(Result<std::unique_ptr<http::BodyStream>> body) {
  if (!body.ok()) return body.error();
  const bool chunked = (*body)->body_kind() == http::BodyKind::kChunked;
  auto [socket, early_bytes] = (*body)->Detach();
  return AnswerConnection{std::move(socket), chunked, std::move(early_bytes)};
}

Status Discard(Result<http::Response> response) {
  if (!response.ok()) return std::move(response).error();
  return Ok();
}

Status StopLike(Engine& engine, std::string_view id, std::string_view action,
                std::optional<seconds> timeout) {
  ApiPath path = ContainerPath(id);
  path.Then(action);
  if (timeout) path.Add("t", static_cast<std::int64_t>(timeout->count()));
  // Saturated: a grace near the largest count would overflow once the margin is added and
  // the sum turned into milliseconds.
  const seconds grace = std::min(timeout.value_or(kDefaultStopGrace), kLongestGrace);
  return Discard(engine.CallWithTimeout("POST", path.str(), grace + kLifecycleMargin));
}

}  // namespace

Result<WaitResult> ParseWaitResult(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "a container wait");
  if (!parsed.ok()) return parsed.error();
  WaitResult result;
  result.status_code = static_cast<int>(IntField(*parsed, "StatusCode"));
  result.error = StringField(Field(*parsed, "Error"), "Message");
  return result;
}

nlohmann::json ResourceUpdateBody(const ResourceUpdate& update) {
  nlohmann::json body = nlohmann::json::object();
  if (update.memory_bytes) body["Memory"] = *update.memory_bytes;
  if (update.memory_swap_bytes) body["MemorySwap"] = *update.memory_swap_bytes;
  if (update.nano_cpus) body["NanoCpus"] = *update.nano_cpus;
  if (update.pids_limit) body["PidsLimit"] = *update.pids_limit;
  if (update.restart_policy) {
    body["RestartPolicy"] = {{"Name", update.restart_policy->name},
                             {"MaximumRetryCount", update.restart_policy->maximum_retry_count}};
  }
  return body;
}

Result<PruneReport> ParsePruneReport(std::string_view body, std::string_view deleted_key) {
  Result<nlohmann::json> parsed = ParseJson(body, "a prune report");
  if (!parsed.ok()) return parsed.error();
  return PruneReport{StringListField(*parsed, deleted_key), UintField(*parsed, "SpaceReclaimed")};
}

Result<CreatedContainer> ContainerApi::Create(const ContainerSpec& spec) {
  Result<nlohmann::json> body = ContainerCreateBody(spec);
  if (!body.ok()) return body.error();
  ApiPath path("/containers/create");
  if (!spec.name.empty()) path.Add("name", spec.name);
  Result<http::Response> response = engine_.Call("POST", path.str(), body->dump());
  if (!response.ok()) return response.error();
  Result<nlohmann::json> created = ParseJson(response->body, "a container create");
  if (!created.ok()) return created.error();
  return CreatedContainer{StringField(*created, "Id"), StringListField(*created, "Warnings")};
}

Status ContainerApi::Start(std::string_view id) {
  return Discard(engine_.Call("POST", ContainerPath(id).Then("start").str()));
}

Status ContainerApi::Stop(std::string_view id, std::optional<seconds> timeout) {
  return StopLike(engine_, id, "stop", timeout);
}

Status ContainerApi::Restart(std::string_view id, std::optional<seconds> timeout) {
  return StopLike(engine_, id, "restart", timeout);
}

Status ContainerApi::Kill(std::string_view id, std::string_view signal) {
  return Discard(engine_.Call("POST", ContainerPath(id).Then("kill").Add("signal", signal).str()));
}

Status ContainerApi::Pause(std::string_view id) {
  return Discard(engine_.Call("POST", ContainerPath(id).Then("pause").str()));
}

Status ContainerApi::Unpause(std::string_view id) {
  return Discard(engine_.Call("POST", ContainerPath(id).Then("unpause").str()));
}

Status ContainerApi::Remove(std::string_view id, RemoveOptions options) {
  ApiPath path = ContainerPath(id);
  path.Flag("force", options.force).Flag("v", options.volumes);
  return Discard(
      engine_.CallWithTimeout("DELETE", path.str(), kDefaultStopGrace + kLifecycleMargin));
}

Result<ContainerInspect> ContainerApi::Inspect(std::string_view id, bool with_size) {
  Result<http::Response> response =
      engine_.Call("GET", ContainerPath(id).Then("json").Flag("size", with_size).str());
  if (!response.ok()) return response.error();
  return ParseContainerInspect(response->body);
}

Result<std::vector<ContainerSummary>> ContainerApi::List(const ListOptions& options) {
  ApiPath path("/containers/json");
  path.Flag("all", options.all);
  if (!options.filters.empty()) path.AddEncoded("filters", EncodeFilters(options.filters));
  Result<http::Response> response = engine_.Call("GET", path.str());
  if (!response.ok()) return response.error();
  return ParseContainerList(response->body);
}

Result<std::unique_ptr<WaitStream>> ContainerApi::StartWait(std::string_view id,
                                                            WaitCondition condition,
                                                            milliseconds timeout) {
  ApiPath path = ContainerPath(id);
  path.Then("wait").Add("condition", ConditionName(condition));
  Result<std::unique_ptr<http::BodyStream>> body =
      engine_.OpenStream("POST", path.str(), {}, {}, timeout);
  if (!body.ok()) return body.error();
  return std::make_unique<WaitStream>(std::move(*body), &ParseWaitResult);
}

Result<AnswerConnection> ContainerApi::OpenWait(std::string_view id, WaitCondition condition) {
  ApiPath path = ContainerPath(id);
  path.Then("wait").Add("condition", ConditionName(condition));
  return Detached(engine_.OpenStream("POST", path.str(), {}, {{"Connection", "close"}}));
}

Result<WaitResult> ContainerApi::Wait(std::string_view id, WaitCondition condition,
                                      milliseconds timeout) {
  Result<std::unique_ptr<WaitStream>> stream = StartWait(id, condition, timeout);
  if (!stream.ok()) return stream.error();
  Result<std::optional<WaitResult>> result = (*stream)->Next();
  if (!result.ok()) {
    if (result.error().code != ErrorCode::kTimeout) return result.error();
    return MakeError(ErrorCode::kTimeout,
                     "Container " + std::string(id) + " did not reach '" +
                         std::string(ConditionName(condition)) + "' within " +
                         std::to_string(timeout.count()) + " ms",
                     "wait longer, or stop the container");
  }
  if (!*result) {
    return MakeError(
        ErrorCode::kProtocol,
        "The Docker engine ended the wait for " + std::string(id) + " without a result",
        "check the engine's log");
  }
  return std::move(**result);
}

Result<bool> ContainerApi::HasTty(std::string_view id) {
  Result<ContainerInspect> inspect = Inspect(id);
  if (!inspect.ok()) return inspect.error();
  return inspect->tty;
}

Result<std::unique_ptr<OutputStream>> ContainerApi::Logs(std::string_view id,
                                                         const LogsOptions& options) {
  Result<bool> tty = HasTty(id);
  if (!tty.ok()) return tty.error();
  Result<std::unique_ptr<http::BodyStream>> body = engine_.OpenStream("GET", LogsPath(id, options));
  if (!body.ok()) return body.error();
  return std::make_unique<OutputStream>(BodySource(std::move(*body)), *tty);
}

Result<AnswerConnection> ContainerApi::OpenLogs(std::string_view id, const LogsOptions& options) {
  return Detached(engine_.OpenStream("GET", LogsPath(id, options), {}, {{"Connection", "close"}}));
}

Result<ContainerStats> ContainerApi::Stats(std::string_view id) {
  Result<http::Response> response =
      engine_.Call("GET", ContainerPath(id).Then("stats").Add("stream", "0").str());
  if (!response.ok()) return response.error();
  return ParseContainerStats(response->body);
}

Result<std::unique_ptr<StatsStream>> ContainerApi::StreamStats(std::string_view id) {
  Result<std::unique_ptr<http::BodyStream>> body =
      engine_.OpenStream("GET", ContainerPath(id).Then("stats").Add("stream", "1").str());
  if (!body.ok()) return body.error();
  return std::make_unique<StatsStream>(std::move(*body), &ParseContainerStats);
}

Result<std::vector<std::string>> ContainerApi::Update(std::string_view id,
                                                      const ResourceUpdate& update) {
  Result<http::Response> response = engine_.Call("POST", ContainerPath(id).Then("update").str(),
                                                 ResourceUpdateBody(update).dump());
  if (!response.ok()) return response.error();
  Result<nlohmann::json> parsed = ParseJson(response->body, "a container update");
  if (!parsed.ok()) return parsed.error();
  return StringListField(*parsed, "Warnings");
}

Status ContainerApi::Rename(std::string_view id, std::string_view new_name) {
  return Discard(
      engine_.Call("POST", ContainerPath(id).Then("rename").Add("name", new_name).str()));
}

Status ContainerApi::Resize(std::string_view id, int height, int width) {
  ApiPath path = ContainerPath(id);
  path.Then("resize").Add("h", height).Add("w", width);
  return Discard(engine_.Call("POST", path.str()));
}

Result<std::string> ContainerApi::CopyFrom(std::string_view id, std::string_view path) {
  Result<http::Response> response =
      engine_.Call("GET", ContainerPath(id).Then("archive").Add("path", path).str());
  if (!response.ok()) return std::move(response).error();
  return std::move(response->body);
}

Status ContainerApi::CopyTo(std::string_view id, std::string_view dir, std::string tar) {
  ApiPath path = ContainerPath(id);
  path.Then("archive").Add("path", dir).Flag("noOverwriteDirNonDir", true);
  return Discard(
      engine_.Call("PUT", path.str(), std::move(tar), {{"Content-Type", "application/x-tar"}}));
}

Result<std::unique_ptr<HijackedStream>> ContainerApi::Attach(std::string_view id,
                                                             const AttachOptions& options) {
  Result<bool> tty = HasTty(id);
  if (!tty.ok()) return tty.error();
  ApiPath path = ContainerPath(id);
  path.Then("attach").Flag("stream", true).Flag("logs", options.logs);
  path.Flag("stdin", options.stdin_stream).Flag("stdout", options.stdout_stream);
  path.Flag("stderr", options.stderr_stream);
  Result<std::unique_ptr<http::RawStream>> raw = engine_.Hijack("POST", path.str());
  if (!raw.ok()) return raw.error();
  return std::make_unique<HijackedStream>(std::move(*raw), *tty);
}

Result<PruneReport> ContainerApi::Prune(const PruneOptions& options) {
  std::map<std::string, std::vector<std::string>> filters;
  if (options.until) filters["until"].push_back(*options.until);
  for (const std::string& label : options.labels) {
    auto negated = label.find("!=");
    if (negated == std::string::npos) {
      filters["label"].push_back(label);
    } else {
      filters["label!"].push_back(label.substr(0, negated) + "=" + label.substr(negated + 2));
    }
  }
  ApiPath path("/containers/prune");
  if (!filters.empty()) path.AddEncoded("filters", EncodeFilters(filters));
  Result<http::Response> response = engine_.Call("POST", path.str());
  if (!response.ok()) return response.error();
  return ParsePruneReport(response->body, "ContainersDeleted");
}

}  // namespace ds01::docker
