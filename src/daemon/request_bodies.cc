#include "daemon/request_bodies.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/shell_words.h"
#include "common/units.h"
#include "policy/lifecycle_options.h"

namespace ds01::daemon {
namespace {

using nlohmann::json;

constexpr std::string_view kCreateFields =
    "name, image, project, workspace, gpus, mig_profile, env, labels, binds, privileged, "
    "cap_add, devices, network_mode, pid_mode, ipc_mode, memory, cpus, shm_size, pids_limit, "
    "user, workdir, hostname, init, stop_signal, stop_timeout, command, entrypoint, shell, "
    "tmpfs, read_only, restart, auto_remove, health, ports";

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

// A create's body nests three deep (binds, their fields) and holds tens of values; far beyond
// these bounds it is an attack on the daemon's memory, refused while parsing.
constexpr int kMaxDepth = 8;
constexpr int kMaxValues = 4096;

struct TooBig {};

Result<json> ParseObject(std::string_view body, std::string_view what) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  int values = 0;
  const json::parser_callback_t bounded = [&values](int depth, json::parse_event_t event, json&) {
    if (depth > kMaxDepth || (event == json::parse_event_t::value && ++values > kMaxValues)) {
      throw TooBig{};
    }
    return true;
  };
  json parsed;
  try {
    parsed = json::parse(body, bounded, false);
  } catch (const TooBig&) {
    return Invalid(fmt::format("The body of {} nests deeper than {} or holds more than {} values",
                               what, kMaxDepth, kMaxValues),
                   "send the fields of docs/api.md, not more");
  }
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Invalid(fmt::format("The body of {} is not a JSON object", what),
                   "send a JSON object, e.g. {}");
  }
  return parsed;
}

Error WrongType(std::string_view field, std::string_view expected) {
  return Invalid(fmt::format("'{}' must be {}", field, expected),
                 "see docs/api.md for the request's fields");
}

Status ReadString(const json& value, std::string_view field, std::string* out) {
  if (!value.is_string()) return WrongType(field, "a string");
  *out = value.get<std::string>();
  return Ok();
}

Status ReadStrings(const json& value, std::string_view field, std::vector<std::string>* out) {
  if (!value.is_array()) return WrongType(field, "a list of strings");
  for (const json& item : value) {
    if (!item.is_string()) return WrongType(field, "a list of strings");
    out->push_back(item.get<std::string>());
  }
  return Ok();
}

Status ReadMap(const json& value, std::string_view field, std::map<std::string, std::string>* out) {
  if (!value.is_object()) return WrongType(field, "an object of strings");
  for (const auto& [key, item] : value.items()) {
    if (!item.is_string()) return WrongType(field, "an object of strings");
    (*out)[key] = item.get<std::string>();
  }
  return Ok();
}

Status ReadBool(const json& value, std::string_view field, bool* out) {
  if (!value.is_boolean()) return WrongType(field, "true or false");
  *out = value.get<bool>();
  return Ok();
}

// A size as bytes (a number) or with a unit ("512M").
Status ReadSize(const json& value, std::string_view field, std::optional<std::uint64_t>* out) {
  if (value.is_number_unsigned()) {
    *out = value.get<std::uint64_t>();
    return Ok();
  }
  if (!value.is_string()) return WrongType(field, "a size such as \"8G\" or a number of bytes");
  auto size = ParseSize(value.get<std::string>());
  if (!size.ok()) return WrongType(field, "a size such as \"8G\" or a number of bytes");
  *out = *size;
  return Ok();
}

Status ReadBinds(const json& value, std::vector<policy::BindMount>* out) {
  const auto wrong = [] {
    return WrongType("binds", "a list of {\"source\", \"target\", \"read_only\"?} objects");
  };
  if (!value.is_array()) return wrong();
  for (const json& item : value) {
    if (!item.is_object()) return wrong();
    policy::BindMount bind;
    for (const auto& [key, field] : item.items()) {
      if (key == "source" && field.is_string()) {
        bind.source = field.get<std::string>();
      } else if (key == "target" && field.is_string()) {
        bind.target = field.get<std::string>();
      } else if (key == "read_only" && field.is_boolean()) {
        bind.read_only = field.get<bool>();
      } else {
        return wrong();
      }
    }
    out->push_back(std::move(bind));
  }
  return Ok();
}

// A duration such as "10s" or "1m", or a number of seconds.
Status ReadSeconds(const json& value, std::string_view field,
                   std::optional<std::chrono::seconds>* out) {
  if (value.is_number_integer()) {
    *out = std::chrono::seconds(value.get<std::int64_t>());
    return Ok();
  }
  if (!value.is_string()) return WrongType(field, "a duration such as \"10s\" or \"1m\"");
  auto duration = ParseDuration(value.get<std::string>());
  if (!duration.ok()) return WrongType(field, "a duration such as \"10s\" or \"1m\"");
  *out = *duration;
  return Ok();
}

Status ReadTmpfs(const json& value, std::vector<policy::TmpfsMount>* out) {
  const auto wrong = [] {
    return WrongType("tmpfs", "a list of {\"target\", \"size\"?, \"mode\"?} objects");
  };
  if (!value.is_array()) return wrong();
  for (const json& item : value) {
    if (!item.is_object()) return wrong();
    policy::TmpfsMount mount;
    for (const auto& [key, field] : item.items()) {
      if (key == "target" && field.is_string()) {
        mount.target = field.get<std::string>();
      } else if (key == "size") {
        DS01_RETURN_IF_ERROR(ReadSize(field, "tmpfs size", &mount.size_bytes));
      } else if (key == "mode" && field.is_number_unsigned()) {
        mount.mode = field.get<unsigned>();
      } else {
        return wrong();
      }
    }
    out->push_back(std::move(mount));
  }
  return Ok();
}

Status ReadPorts(const json& value, std::vector<policy::PortRequest>* out) {
  const auto wrong = [] {
    return WrongType("ports",
                     "a list of {\"container\", \"protocol\"?, \"host\"?, \"host_ip\"?} "
                     "objects");
  };
  if (!value.is_array()) return wrong();
  for (const json& item : value) {
    if (!item.is_object()) return wrong();
    policy::PortRequest port;
    for (const auto& [key, field] : item.items()) {
      if ((key == "container" || key == "host") && field.is_number_integer()) {
        const auto number = std::clamp<std::int64_t>(field.get<std::int64_t>(), -1, 1'000'000);
        (key == "container" ? port.container_port : port.host_port) = static_cast<int>(number);
      } else if (key == "protocol" && field.is_string()) {
        port.protocol = field.get<std::string>();
      } else if (key == "host_ip" && field.is_string()) {
        port.host_ip = field.get<std::string>();
      } else {
        return wrong();
      }
    }
    if (port.host_port < 0) {
      return Invalid("A host port cannot be negative", "leave \"host\" out to get one");
    }
    out->push_back(std::move(port));
  }
  return Ok();
}

Status ReadHealth(const json& value, policy::HealthOptions* health) {
  if (!value.is_object()) {
    return WrongType("health",
                     "an object of cmd, interval, timeout, retries, start_period, disabled");
  }
  for (const auto& [key, field] : value.items()) {
    if (key == "cmd") {
      DS01_RETURN_IF_ERROR(ReadString(field, "health.cmd", &health->command));
    } else if (key == "interval") {
      DS01_RETURN_IF_ERROR(ReadSeconds(field, "health.interval", &health->interval));
    } else if (key == "timeout") {
      DS01_RETURN_IF_ERROR(ReadSeconds(field, "health.timeout", &health->timeout));
    } else if (key == "start_period") {
      DS01_RETURN_IF_ERROR(ReadSeconds(field, "health.start_period", &health->start_period));
    } else if (key == "retries") {
      if (!field.is_number_integer()) return WrongType("health.retries", "a whole number");
      health->retries =
          static_cast<int>(std::clamp<std::int64_t>(field.get<std::int64_t>(), -1, 1'000'000));
    } else if (key == "disabled") {
      DS01_RETURN_IF_ERROR(ReadBool(field, "health.disabled", &health->disabled));
    } else {
      return Invalid(fmt::format("Unknown field 'health.{}' in the create request", key),
                     "the health fields are: cmd, interval, timeout, retries, start_period, "
                     "disabled");
    }
  }
  return Ok();
}

Status ReadRestart(const json& value, policy::RestartPolicy* restart) {
  if (!value.is_string()) return WrongType("restart", "a string such as \"on-failure:3\"");
  auto parsed = policy::ParseRestartPolicy(value.get<std::string>());
  if (!parsed.ok()) return parsed.error();
  *restart = *parsed;
  return Ok();
}

// A command as a list of arguments, or as one string: split as a shell would, or with
// "shell" run by /bin/sh -c as it is. "shell" may come before or after it, so the text is
// kept until the whole body has been read.
struct CommandText {
  std::optional<json> command;
  std::optional<json> entrypoint;
  bool shell = false;
};

Result<std::vector<std::string>> Arguments(const json& value, std::string_view field, bool shell) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (shell) return std::vector<std::string>{"/bin/sh", "-c", text};
    return SplitShellWords(text);
  }
  std::vector<std::string> args;
  DS01_RETURN_IF_ERROR(ReadStrings(value, field, &args));
  if (shell && !args.empty()) {
    return Invalid("\"shell\" runs a command written as one string, not a list",
                   "send \"command\": \"python train.py && echo done\" with \"shell\": true");
  }
  return args;
}

Status ApplyCommand(const CommandText& text, policy::CreateRequest* options) {
  if (text.shell && !text.command) {
    return Invalid("\"shell\" asks for a command run by /bin/sh -c, but there is no command",
                   "add \"command\": \"…\", or drop \"shell\"");
  }
  if (text.command) {
    auto args = Arguments(*text.command, "command", text.shell);
    if (!args.ok()) return args.error();
    options->command = std::move(*args);
  }
  if (text.entrypoint) {
    auto args = Arguments(*text.entrypoint, "entrypoint", false);
    if (!args.ok()) return args.error();
    options->entrypoint = std::move(*args);
  }
  return Ok();
}

Status ReadGpus(const json& value, core::CreateParams* params) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
      value.get<std::int64_t>() > 64) {
    return WrongType("gpus", "a whole number of GPUs from 0 to 64");
  }
  params->gpus = core::WholeGpus{value.get<int>()};
  return Ok();
}

Status ReadField(const std::string& key, const json& value, core::CreateParams* params,
                 std::string* mig_profile, CommandText* command) {
  policy::CreateRequest& options = params->options;
  if (key == "command" || key == "entrypoint") {
    if (!value.is_string() && !value.is_array()) {
      return WrongType(key, "a list of strings, or one string split as a shell would");
    }
    (key == "command" ? command->command : command->entrypoint) = value;
    return Ok();
  }
  if (key == "shell") return ReadBool(value, key, &command->shell);
  if (key == "tmpfs") return ReadTmpfs(value, &options.tmpfs);
  if (key == "ports") return ReadPorts(value, &options.ports);
  if (key == "read_only") return ReadBool(value, key, &options.read_only);
  if (key == "auto_remove") return ReadBool(value, key, &options.auto_remove);
  if (key == "restart") return ReadRestart(value, &options.restart);
  if (key == "health") return ReadHealth(value, &options.health);
  if (key == "name") return ReadString(value, key, &params->name);
  if (key == "image") return ReadString(value, key, &params->image);
  if (key == "project") return ReadString(value, key, &params->project);
  if (key == "workspace") return ReadString(value, key, &params->workspace);
  if (key == "gpus") return ReadGpus(value, params);
  if (key == "mig_profile") return ReadString(value, key, mig_profile);
  if (key == "env") return ReadMap(value, key, &options.env);
  if (key == "labels") return ReadMap(value, key, &options.labels);
  if (key == "binds") return ReadBinds(value, &options.binds);
  if (key == "privileged") return ReadBool(value, key, &options.privileged);
  if (key == "cap_add") return ReadStrings(value, key, &options.cap_add);
  if (key == "devices") return ReadStrings(value, key, &options.devices);
  if (key == "network_mode") return ReadString(value, key, &options.network_mode);
  if (key == "pid_mode") return ReadString(value, key, &options.pid_mode);
  if (key == "ipc_mode") return ReadString(value, key, &options.ipc_mode);
  if (key == "memory") return ReadSize(value, key, &options.memory_bytes);
  if (key == "shm_size") return ReadSize(value, key, &options.shm_size_bytes);
  if (key == "user") return ReadString(value, key, &options.user);
  if (key == "workdir") return ReadString(value, key, &options.working_dir);
  if (key == "hostname") return ReadString(value, key, &options.hostname);
  if (key == "init") return ReadBool(value, key, &options.init);
  if (key == "stop_signal") return ReadString(value, key, &options.stop_signal);
  if (key == "stop_timeout") {
    if (!value.is_number_integer()) return WrongType(key, "a whole number of seconds");
    options.stop_timeout = value.get<std::int64_t>();
    return Ok();
  }
  if (key == "cpus") {
    if (!value.is_number()) return WrongType(key, "a number of CPUs");
    options.cpus = value.get<double>();
    return Ok();
  }
  if (key == "pids_limit") {
    if (!value.is_number_integer()) return WrongType(key, "a whole number");
    options.pids_limit = value.get<std::int64_t>();
    return Ok();
  }
  return Invalid(fmt::format("Unknown field '{}' in the create request", key),
                 fmt::format("the fields are: {}", kCreateFields));
}

}  // namespace

Result<core::CreateParams> ParseCreateBody(std::string_view body) {
  auto parsed = ParseObject(body, "a create request");
  if (!parsed.ok()) return parsed.error();
  core::CreateParams params;
  std::string mig_profile;
  CommandText command;
  bool gpus_given = false;
  for (const auto& [key, value] : parsed->items()) {
    DS01_RETURN_IF_ERROR(ReadField(key, value, &params, &mig_profile, &command));
    gpus_given = gpus_given || key == "gpus";
  }
  DS01_RETURN_IF_ERROR(ApplyCommand(command, &params.options));
  if (params.name.empty()) {
    return Invalid("The create request names no container", "add \"name\": \"my-thesis\"");
  }
  if (!mig_profile.empty()) {
    const auto* whole = std::get_if<core::WholeGpus>(&params.gpus);
    if (gpus_given && whole != nullptr && whole->count != 1) {
      return Invalid("Ask for either a MIG profile or a number of whole GPUs, not both",
                     "leave out \"gpus\" when giving \"mig_profile\"");
    }
    params.gpus = core::MigInstance{mig_profile};
  }
  return params;
}

Result<std::optional<std::chrono::seconds>> ParseStopBody(std::string_view body) {
  auto parsed = ParseObject(body, "a stop request");
  if (!parsed.ok()) return parsed.error();
  const auto time = parsed->find("time");
  if (time == parsed->end() || time->is_null()) return std::optional<std::chrono::seconds>();
  if (!time->is_number_integer() || time->get<std::int64_t>() < 0) {
    return WrongType("time", "a whole number of seconds (0 or more)");
  }
  return std::optional<std::chrono::seconds>(std::chrono::seconds(time->get<std::int64_t>()));
}

Result<bool> ParseRemoveBody(std::string_view body) {
  auto parsed = ParseObject(body, "a remove request");
  if (!parsed.ok()) return parsed.error();
  const auto stop = parsed->find("stop");
  if (stop == parsed->end() || stop->is_null()) return false;
  if (!stop->is_boolean()) return WrongType("stop", "true or false");
  return stop->get<bool>();
}

Result<bool> ParseImageRemoveBody(std::string_view body) {
  auto parsed = ParseObject(body, "an image remove request");
  if (!parsed.ok()) return parsed.error();
  bool force = false;
  for (const auto& [key, value] : parsed->items()) {
    if (key != "force") {
      return Invalid(fmt::format("Unknown field '{}' in the image remove request", key),
                     "send {} or {\"force\": true}");
    }
    if (!value.is_null()) DS01_RETURN_IF_ERROR(ReadBool(value, key, &force));
  }
  return force;
}

Result<api::ExecRequest> ParseExecBody(std::string_view body) {
  auto parsed = ParseObject(body, "an exec request");
  if (!parsed.ok()) return parsed.error();
  api::ExecRequest request;
  for (const auto& [key, value] : parsed->items()) {
    Status read = key == "cmd"       ? ReadStrings(value, key, &request.cmd)
                  : key == "shell"   ? ReadBool(value, key, &request.shell)
                  : key == "env"     ? ReadMap(value, key, &request.env)
                  : key == "workdir" ? ReadString(value, key, &request.workdir)
                  : key == "user"    ? ReadString(value, key, &request.user)
                  : key == "tty"     ? ReadBool(value, key, &request.tty)
                  : key == "stdin"   ? ReadBool(value, key, &request.stdin_open)
                  : key == "detach"
                      ? ReadBool(value, key, &request.detach)
                      : Status(Invalid(fmt::format("Unknown field '{}' in the exec request", key),
                                       "the fields are: cmd, shell, env, workdir, user, tty, "
                                       "stdin, detach"));
    DS01_RETURN_IF_ERROR(read);
  }
  if (request.cmd.empty() == !request.shell) {
    return Invalid("An exec request names either a command (\"cmd\") or the shell (\"shell\")",
                   "send {\"cmd\": [\"python\", \"train.py\"]} or {\"shell\": true}");
  }
  for (const std::string& arg : request.cmd) {
    if (arg.find('\0') != std::string::npos) {
      return Invalid("An argument of the command contains a NUL byte", "remove the NUL byte");
    }
  }
  if (!request.cmd.empty() && request.cmd.front().empty()) {
    return Invalid("The command's program is empty", "name the program to run first");
  }
  for (const auto& [name, value] : request.env) {
    if (name.empty() || name.find_first_of(std::string_view("=\0", 2)) != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return Invalid(fmt::format("Environment variable '{}' is not NAME=value", name),
                     "write variables as -e NAME=value with a non-empty NAME");
    }
  }
  return request;
}

Result<api::TerminalSize> ParseResizeBody(std::string_view body) {
  auto parsed = ParseObject(body, "a resize request");
  if (!parsed.ok()) return parsed.error();
  api::TerminalSize size;
  for (const auto& [key, value] : parsed->items()) {
    int* field = key == "height" ? &size.height : key == "width" ? &size.width : nullptr;
    if (field == nullptr) {
      return Invalid(fmt::format("Unknown field '{}' in the resize request", key),
                     "send {\"height\": rows, \"width\": columns}");
    }
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
        value.get<std::int64_t>() > 10'000) {
      return WrongType(key, "a whole number from 1 to 10000");
    }
    *field = value.get<int>();
  }
  if (size.height == 0 || size.width == 0) {
    return Invalid("A resize names both the height and the width",
                   "send {\"height\": rows, \"width\": columns}");
  }
  return size;
}

Result<api::ContainerPruneRequest> ParseContainerPruneBody(std::string_view body) {
  auto parsed = ParseObject(body, "a container prune request");
  if (!parsed.ok()) return parsed.error();
  api::ContainerPruneRequest request;
  for (const auto& [key, value] : parsed->items()) {
    if (value.is_null()) continue;
    if (key == "until") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
          value.get<std::int64_t>() > kMaxPruneUntilSeconds) {
        return Invalid(fmt::format("'until' must be a whole number of seconds from 0 to {} "
                                   "(100 years)",
                                   kMaxPruneUntilSeconds),
                       "ask for less (container-prune --until=30d), or leave it out to prune "
                       "every stopped container");
      }
      request.until = value.get<std::int64_t>();
    } else if (key == "dry_run") {
      DS01_RETURN_IF_ERROR(ReadBool(value, key, &request.dry_run));
    } else {
      return Invalid(fmt::format("Unknown field '{}' in the container prune request", key),
                     "send {\"until\"?: seconds, \"dry_run\"?: true}");
    }
  }
  return request;
}

Result<api::ImagePruneRequest> ParseImagePruneBody(std::string_view body) {
  auto parsed = ParseObject(body, "an image prune request");
  if (!parsed.ok()) return parsed.error();
  api::ImagePruneRequest request;
  for (const auto& [key, value] : parsed->items()) {
    if (value.is_null()) continue;
    if (key != "dry_run") {
      return Invalid(fmt::format("Unknown field '{}' in the image prune request", key),
                     "send {} or {\"dry_run\": true}");
    }
    DS01_RETURN_IF_ERROR(ReadBool(value, key, &request.dry_run));
  }
  return request;
}

Result<api::BuildRequest> ParseBuildBody(std::string_view body) {
  auto parsed = ParseObject(body, "a build request");
  if (!parsed.ok()) return parsed.error();
  api::BuildRequest request;
  for (const auto& [key, value] : parsed->items()) {
    if (value.is_null()) continue;
    if (key == "base") {
      DS01_RETURN_IF_ERROR(ReadString(value, key, &request.base));
    } else if (key == "no_cache") {
      DS01_RETURN_IF_ERROR(ReadBool(value, key, &request.no_cache));
    } else {
      return Invalid(fmt::format("Unknown field '{}' in the build request", key),
                     "send {\"base\"?: IMAGE, \"no_cache\"?: true}");
    }
  }
  return request;
}

}  // namespace ds01::daemon
