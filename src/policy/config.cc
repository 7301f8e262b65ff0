#include "policy/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <type_traits>

#include "common/units.h"
#include "gpu/mig_profile.h"
#include "policy/bind_rules.h"
#include "policy/host_path.h"

namespace ds01::policy {
namespace {

using std::chrono::seconds;

constexpr std::string_view kAdminHint =
    "grant admin through a group: groups: {admin: {unix_group: ds01-admins, admin: true}}";

// A value in the file with where it sits: the key path for messages and the position of the
// value (or of its key, when the value is empty and has no position of its own).
struct Located {
  YAML::Node node;
  YAML::Mark mark;
  std::string path;
};

std::string ChildPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string ItemPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::vector<std::string> LimitKeyNames() {
  std::vector<std::string> names;
  ForEachLimitKey([&](const char* key, auto, auto, Bound) { names.emplace_back(key); });
  return names;
}

// A plain (unquoted, untagged) scalar: the only kind that may hold a number or a boolean.
bool IsPlainScalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

std::string BoundReason(Bound bound) {
  return bound == Bound::kPositive ? "must be greater than 0" : "must not be negative";
}

class ConfigParser {
 public:
  explicit ConfigParser(std::string_view source) : source_(source) {}

  Result<Config> Parse(std::string_view text) {
    try {
      YAML::Node root = YAML::Load(std::string(text));
      Config config;
      config.source = source_;
      DS01_RETURN_IF_ERROR(ParseRoot(root, &config));
      return config;
    } catch (const YAML::Exception& e) {
      return MakeError(ErrorCode::kInvalidArgument, Where(e.mark) + "invalid YAML: " + e.msg,
                       "fix the YAML syntax at that line");
    }
  }

 private:
  std::string Where(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return source_ + ": ";
    return source_ + ":" + std::to_string(mark.line + 1) + ": ";
  }

  Error Fail(const Located& at, const std::string& reason, std::string_view hint) const {
    std::string prefix = Where(at.mark) + (at.path.empty() ? "" : at.path + ": ");
    return MakeError(ErrorCode::kInvalidArgument, prefix + reason, std::string(hint));
  }

  // Calls handle(key, value) for each entry of the mapping `at`; an empty value counts as an
  // empty mapping. Keys must be distinct non-empty scalars.
  template <typename Handler>
  Status ForEachEntry(const Located& at, std::string_view expected, Handler handle) {
    if (at.node.IsNull()) return Ok();
    if (!at.node.IsMap()) {
      return Fail(at, "expected a mapping", std::string("write ") + std::string(expected));
    }
    std::set<std::string> seen;
    // yaml-cpp's iterators hand out temporaries: copy the nodes (cheap handles) out of them.
    for (auto entry : at.node) {
      YAML::Node key = entry.first;
      YAML::Node node = entry.second;
      Located key_at{key, key.Mark(), at.path};
      if (!key.IsScalar() || key.Scalar().empty()) {
        return Fail(key_at, "keys must be non-empty names", "write the key as a plain name");
      }
      Located value{node, node.IsNull() ? key.Mark() : node.Mark(),
                    ChildPath(at.path, key.Scalar())};
      if (!seen.insert(key.Scalar()).second) {
        return Fail(value, "duplicate key", "keep one '" + key.Scalar() + "' and remove the other");
      }
      DS01_RETURN_IF_ERROR(handle(key.Scalar(), value));
    }
    return Ok();
  }

  // Calls handle(item) for each item of the sequence `at`; an empty value is an empty list.
  template <typename Handler>
  Status ForEachItem(const Located& at, std::string_view expected, Handler handle) {
    if (at.node.IsNull()) return Ok();
    if (!at.node.IsSequence()) {
      return Fail(at, "expected a list", std::string("write ") + std::string(expected));
    }
    std::size_t index = 0;
    for (YAML::Node item : at.node) {
      Located item_at{item, item.Mark(), ItemPath(at.path, index++)};
      if (item.Mark().is_null()) item_at.mark = at.mark;
      DS01_RETURN_IF_ERROR(handle(item_at));
    }
    return Ok();
  }

  Error UnknownKey(const Located& at, std::string_view key, const std::vector<std::string>& valid) {
    return Fail(at, "unknown key '" + std::string(key) + "'",
                "remove it, or use one of: " + JoinNames(valid));
  }

  Result<std::string> ReadString(const Located& at, std::string_view example) {
    if (at.node.IsNull())
      return Fail(at, "missing value", "write a value, e.g. " + std::string(example));
    if (!at.node.IsScalar())
      return Fail(at, "expected a string", "write e.g. " + std::string(example));
    if (at.node.Scalar().empty())
      return Fail(at, "must not be empty", "write e.g. " + std::string(example));
    return at.node.Scalar();
  }

  // A scalar that must be a plain number or boolean: quoted strings, lists and mappings are
  // type errors.
  Result<std::string> ReadPlain(const Located& at, std::string_view expected) {
    std::string hint = "write " + std::string(expected);
    if (at.node.IsNull()) return Fail(at, "missing value", hint);
    if (!at.node.IsScalar()) return Fail(at, "expected " + std::string(expected), hint);
    if (!IsPlainScalar(at.node)) {
      return Fail(
          at, "expected " + std::string(expected) + ", got the string '" + at.node.Scalar() + "'",
          hint + " without quotes");
    }
    return at.node.Scalar();
  }

  Status Read(const Located& at, bool* out) {
    auto text = ReadPlain(at, "true or false");
    if (!text.ok()) return std::move(text).error();
    if (*text == "true" || *text == "True" || *text == "TRUE") {
      *out = true;
    } else if (*text == "false" || *text == "False" || *text == "FALSE") {
      *out = false;
    } else {
      return Fail(at, "expected true or false, got '" + *text + "'", "write true or false");
    }
    return Ok();
  }

  Status Read(const Located& at, double* out, Bound bound) {
    auto text = ReadPlain(at, "a number such as 2 or 0.5");
    if (!text.ok()) return std::move(text).error();
    double value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value)) {
      return Fail(at, "expected a number, got '" + *text + "'", "write a number such as 2 or 0.5");
    }
    if (value < 0 || (bound == Bound::kPositive && value == 0)) {
      return Fail(at, BoundReason(bound) + " (got " + *text + ")", "write a number above 0");
    }
    *out = value;
    return Ok();
  }

  template <typename Int>
  Status ReadInteger(const Located& at, Int* out, Bound bound) {
    auto text = ReadPlain(at, "a whole number such as 4");
    if (!text.ok()) return std::move(text).error();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() ||
        value > std::numeric_limits<Int>::max()) {
      return Fail(at, "expected a whole number, got '" + *text + "'",
                  "write a whole number such as 4");
    }
    if (value < 0 || (bound == Bound::kPositive && value == 0)) {
      return Fail(at, BoundReason(bound) + " (got " + *text + ")",
                  bound == Bound::kPositive ? "write a whole number of at least 1"
                                            : "write 0 or a larger whole number");
    }
    *out = static_cast<Int>(value);
    return Ok();
  }

  // Sizes and durations are written as plain scalars ("64G", "15m") or quoted strings.
  Result<std::string> ReadUnitScalar(const Located& at, std::string_view example) {
    std::string hint = "write e.g. " + std::string(example);
    if (at.node.IsNull()) return Fail(at, "missing value", hint);
    if (!at.node.IsScalar())
      return Fail(at, "expected a value such as " + std::string(example), hint);
    const std::string& text = at.node.Scalar();
    if (!text.empty() && text[0] == '-') {
      return Fail(at, "must not be negative (got " + text + ")", hint);
    }
    return text;
  }

  Status ReadSize(const Located& at, std::uint64_t* out, Bound bound) {
    auto text = ReadUnitScalar(at, "64G");
    if (!text.ok()) return std::move(text).error();
    auto size = ParseSize(*text);
    if (!size.ok()) return Fail(at, size.error().message, size.error().hint);
    if (bound == Bound::kPositive && *size == 0) {
      return Fail(at, "must be greater than 0", "write a size such as 64G");
    }
    *out = *size;
    return Ok();
  }

  Status Read(const Located& at, seconds* out) {
    auto text = ReadUnitScalar(at, "15m");
    if (!text.ok()) return std::move(text).error();
    auto duration = ParseDuration(*text);
    if (!duration.ok()) return Fail(at, duration.error().message, duration.error().hint);
    *out = *duration;
    return Ok();
  }

  // Reads one limit key into its optional; the field's type picks the syntax.
  template <typename T>
  Status ReadLimit(const Located& at, std::optional<T>* out, Bound bound) {
    T value{};
    if constexpr (std::is_same_v<T, bool>) {
      DS01_RETURN_IF_ERROR(Read(at, &value));
    } else if constexpr (std::is_same_v<T, double>) {
      DS01_RETURN_IF_ERROR(Read(at, &value, bound));
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      DS01_RETURN_IF_ERROR(ReadSize(at, &value, bound));
    } else if constexpr (std::is_same_v<T, seconds>) {
      DS01_RETURN_IF_ERROR(Read(at, &value));
    } else {
      DS01_RETURN_IF_ERROR(ReadInteger(at, &value, bound));
    }
    *out = value;
    return Ok();
  }

  // Reads `key` into `limits` when it is a limit key; *known tells whether it was.
  Status ReadLimitKey(std::string_view key, const Located& at, LimitOverrides* limits,
                      bool* known) {
    Status status;
    *known = false;
    ForEachLimitKey([&](const char* name, auto field, auto, Bound bound) {
      if (*known || key != name) return;
      *known = true;
      status = ReadLimit(at, &(limits->*field), bound);
    });
    return status;
  }

  // A mapping of limit keys only (`defaults:` and each user).
  Status ParseLimitMap(const Located& at, LimitOverrides* limits) {
    return ForEachEntry(at, "limit keys, e.g. {max_gpus: 2}",
                        [&](const std::string& key, const Located& value) -> Status {
                          bool known = false;
                          DS01_RETURN_IF_ERROR(ReadLimitKey(key, value, limits, &known));
                          if (known) return Ok();
                          if (key == "admin")
                            return Fail(value, "admin cannot be set here", kAdminHint);
                          return UnknownKey(value, key, LimitKeyNames());
                        });
  }

  Status ParseDefaults(const Located& at, Limits* defaults) {
    LimitOverrides overrides;
    DS01_RETURN_IF_ERROR(ParseLimitMap(at, &overrides));
    ForEachLimitKey([&](const char*, auto field, auto target, Bound) {
      if (overrides.*field) (*defaults).*target = *(overrides.*field);
    });
    return Ok();
  }

  Status ParseGroup(const std::string& name, const Located& at, GroupPolicy* group) {
    group->name = name;
    std::vector<std::string> valid = {"unix_group", "members", "admin"};
    for (const auto& key : LimitKeyNames()) valid.push_back(key);
    DS01_RETURN_IF_ERROR(
        ForEachEntry(at, "e.g. {unix_group: ds01-researchers, max_gpus: 2}",
                     [&](const std::string& key, const Located& value) -> Status {
                       if (key == "unix_group") {
                         auto unix_group = ReadString(value, "ds01-researchers");
                         if (!unix_group.ok()) return std::move(unix_group).error();
                         group->unix_group = *unix_group;
                         return Ok();
                       }
                       if (key == "members") {
                         return ForEachItem(value, "a list of user names, e.g. [carol, dave]",
                                            [&](const Located& item) -> Status {
                                              auto member = ReadString(item, "carol");
                                              if (!member.ok()) return std::move(member).error();
                                              group->members.push_back(*member);
                                              return Ok();
                                            });
                       }
                       if (key == "admin") return Read(value, &group->admin);
                       bool known = false;
                       DS01_RETURN_IF_ERROR(ReadLimitKey(key, value, &group->limits, &known));
                       return known ? Ok() : Status(UnknownKey(value, key, valid));
                     }));
    if (group->unix_group.empty() && group->members.empty()) {
      return Fail(at, "neither unix_group nor members is set, so the group matches nobody",
                  "add unix_group: <a Unix group> or members: [user, …]");
    }
    return Ok();
  }

  Status ParseWorkspaces(const Located& at, WorkspacePolicy* workspaces) {
    return ForEachEntry(
        at, "{root: \"/home/{user}/workspace\", shared_readonly: [/data/shared]}",
        [&](const std::string& key, const Located& value) -> Status {
          if (key == "root") {
            auto root = ReadString(value, "\"/home/{user}/workspace\"");
            if (!root.ok()) return std::move(root).error();
            auto normal = CheckWorkspaceRoot(value, *root);
            if (!normal.ok()) return std::move(normal).error();
            workspaces->root = *normal;
            return Ok();
          }
          if (key == "shared_readonly") {
            return ForEachItem(value, "a list of absolute paths, e.g. [/data/shared]",
                               [&](const Located& item) -> Status {
                                 auto path = ReadString(item, "/data/shared");
                                 if (!path.ok()) return std::move(path).error();
                                 auto normal = CheckRootPath(item, *path, "/data/shared");
                                 if (!normal.ok()) return std::move(normal).error();
                                 workspaces->shared_readonly.push_back(*normal);
                                 return Ok();
                               });
          }
          if (key == "bind_targets") {
            return ForEachItem(value, "a list of paths inside containers, e.g. [/scratch]",
                               [&](const Located& item) -> Status {
                                 auto path = ReadString(item, "/scratch");
                                 if (!path.ok()) return std::move(path).error();
                                 auto normal = NormalizePath(*path, "bind target");
                                 if (!normal.ok()) {
                                   return Fail(item, normal.error().message, "e.g. /scratch");
                                 }
                                 if (IsSystemPath(*normal)) {
                                   return Fail(item,
                                               "'" + *path +
                                                   "' is a system path of the container, which "
                                                   "the image and the NVIDIA hook fill",
                                               "name a place of its own, e.g. /scratch");
                                 }
                                 workspaces->bind_targets.push_back(*normal);
                                 return Ok();
                               });
          }
          return UnknownKey(value, key, {"root", "shared_readonly", "bind_targets"});
        });
  }

  // A root that users mount from, normalised: absolute, not "/" and not where ds01d's private
  // /tmp differs from the engine's.
  Result<std::string> CheckRootPath(const Located& at, const std::string& path,
                                    std::string_view example) {
    const std::string hint = "write an absolute path such as " + std::string(example);
    auto normal = NormalizePath(path, "root");
    if (!normal.ok()) return Fail(at, "'" + path + "' is not an absolute path", hint);
    if (*normal == "/") return Fail(at, "'/' would make the whole host mountable", hint);
    if (IsTemporaryPath(*normal)) {
      return Fail(at,
                  "'" + path +
                      "' is under /tmp or /var/tmp, where any user can make or replace "
                      "directories and a service's private /tmp differs from the engine's",
                  "move it out of /tmp, e.g. to " + std::string(example));
    }
    return *normal;
  }

  Result<std::string> CheckWorkspaceRoot(const Located& at, const std::string& root) {
    const std::string example = "\"/home/{user}/workspace\"";
    std::string hint = "write an absolute path containing {user}, e.g. " + example;
    auto normal = CheckRootPath(at, root, example);
    if (!normal.ok()) return normal;
    if (normal->find("{user}") == std::string::npos) {
      return Fail(at, "'" + root + "' has no {user} placeholder, so every user would share it",
                  hint);
    }
    WorkspacePolicy probe{*normal, {}, {}};
    if (probe.RootFor("u").find_first_of("{}") != std::string::npos) {
      return Fail(at, "'" + root + "' has a placeholder other than {user}", hint);
    }
    return normal;
  }

  Status ParseFrameworks(const Located& at, std::map<std::string, std::string>* frameworks) {
    return ForEachEntry(at, "framework: image, e.g. {pytorch: aime/pytorch:2.8.0-cuda12.4}",
                        [&](const std::string& key, const Located& value) -> Status {
                          auto image = ReadString(value, "debian:bookworm-slim");
                          if (!image.ok()) return std::move(image).error();
                          if (image->find_first_of(" \t\r\n") != std::string::npos) {
                            return Fail(value, "image '" + *image + "' contains whitespace",
                                        "write an image reference such as debian:bookworm-slim");
                          }
                          (*frameworks)[key] = *image;
                          return Ok();
                        });
  }

  Status ParseImages(const Located& at, ImagePolicy* images) {
    return ForEachEntry(
        at, "{allowed: [\"nvcr.io/nvidia/*\"]}",
        [&](const std::string& key, const Located& value) -> Status {
          if (key != "allowed") return UnknownKey(value, key, {"allowed"});
          return ForEachItem(
              value, "a list of image patterns, e.g. [\"nvcr.io/nvidia/*\"]",
              [&](const Located& item) -> Status {
                auto pattern = ReadString(item, "\"nvcr.io/nvidia/*\"");
                if (!pattern.ok()) return std::move(pattern).error();
                if (pattern->empty() || pattern->find_first_of(" \t\r\n") != std::string::npos) {
                  return Fail(item, "'" + *pattern + "' is not an image pattern",
                              "write e.g. \"nvcr.io/nvidia/*\"");
                }
                images->allowed.push_back(*pattern);
                return Ok();
              });
        });
  }

  Status ParsePorts(const Located& at, NetworkPolicy* network) {
    DS01_RETURN_IF_ERROR(
        ForEachEntry(at, "{first: 20000, per_user: 10}",
                     [&](const std::string& key, const Located& value) -> Status {
                       if (key == "first") {
                         return ReadInteger(value, &network->ports_first, Bound::kPositive);
                       }
                       if (key == "per_user") {
                         return ReadInteger(value, &network->ports_per_user, Bound::kPositive);
                       }
                       return UnknownKey(value, key, {"first", "per_user"});
                     }));
    if (network->ports_first < 1024 || network->ports_first > 65535) {
      return Fail(at,
                  "ports.first must be from 1024 to 65535 (got " +
                      std::to_string(network->ports_first) + ")",
                  "write e.g. first: 20000; ports below 1024 are the host's services'");
    }
    return Ok();
  }

  Status ParseNetwork(const Located& at, NetworkPolicy* network) {
    return ForEachEntry(
        at, "{networks: [lab-net], ports: {first: 20000, per_user: 10}, public_ports: false}",
        [&](const std::string& key, const Located& value) -> Status {
          if (key == "networks") {
            return ForEachItem(value, "a list of network names, e.g. [lab-net]",
                               [&](const Located& item) -> Status {
                                 auto name = ReadString(item, "lab-net");
                                 if (!name.ok()) return std::move(name).error();
                                 if (*name == "host" || name->starts_with("container:")) {
                                   return Fail(item, "'" + *name + "' is not a network of its own",
                                               "allow the host's network with "
                                               "security.allow_host_network instead");
                                 }
                                 network->networks.push_back(*name);
                                 return Ok();
                               });
          }
          if (key == "ports") return ParsePorts(value, network);
          if (key == "public_ports") return Read(value, &network->public_ports);
          return UnknownKey(value, key, {"networks", "ports", "public_ports"});
        });
  }

  Status ParseSecurity(const Located& at, SecurityPolicy* security) {
    const std::vector<std::pair<std::string, bool SecurityPolicy::*>> keys = {
        {"allow_privileged", &SecurityPolicy::allow_privileged},
        {"allow_capabilities", &SecurityPolicy::allow_capabilities},
        {"allow_devices", &SecurityPolicy::allow_devices},
        {"allow_host_network", &SecurityPolicy::allow_host_network},
        {"allow_host_pid", &SecurityPolicy::allow_host_pid},
        {"allow_host_ipc", &SecurityPolicy::allow_host_ipc},
        {"run_as_user", &SecurityPolicy::run_as_user},
    };
    return ForEachEntry(at, "{allow_privileged: false, run_as_user: true}",
                        [&](const std::string& key, const Located& value) -> Status {
                          for (const auto& [name, field] : keys) {
                            if (key == name) return Read(value, &(security->*field));
                          }
                          std::vector<std::string> valid;
                          for (const auto& entry : keys) valid.push_back(entry.first);
                          return UnknownKey(value, key, valid);
                        });
  }

  Status ParseGpu(const Located& at, gpu::GpuSpec* spec) {
    std::string example = "{model: \"NVIDIA A100-SXM4-80GB\", memory: 80G}";
    if (!at.node.IsMap()) return Fail(at, "expected a mapping", "write e.g. " + example);
    int slices = 0;
    std::vector<std::pair<Located, gpu::MigProfile>> profiles;
    DS01_RETURN_IF_ERROR(
        ForEachEntry(at, example, [&](const std::string& key, const Located& value) -> Status {
          if (key == "model") {
            auto model = ReadString(value, "\"NVIDIA A100-SXM4-80GB\"");
            if (!model.ok()) return std::move(model).error();
            spec->model = *model;
            return Ok();
          }
          if (key == "memory") {
            std::uint64_t bytes = 0;
            DS01_RETURN_IF_ERROR(ReadSize(value, &bytes, Bound::kPositive));
            spec->memory_bytes = bytes;
            return Ok();
          }
          if (key == "mig") {
            return ForEachItem(value, "a list of MIG profiles, e.g. [3g.40gb, 2g.20gb]",
                               [&](const Located& item) -> Status {
                                 auto profile = ReadMigProfile(item, &slices);
                                 if (!profile.ok()) return std::move(profile).error();
                                 spec->mig_profiles.push_back(profile->name);
                                 profiles.emplace_back(item, *profile);
                                 return Ok();
                               });
          }
          return UnknownKey(value, key, {"model", "memory", "mig"});
        }));
    if (spec->model.empty()) {
      return Fail(at, "model is missing", "add model: \"NVIDIA A100-SXM4-80GB\"");
    }
    for (const auto& [item, profile] : profiles) {
      if (spec->memory_bytes != 0 && profile.memory_bytes > spec->memory_bytes) {
        return Fail(item, "MIG profile " + profile.name + " needs more memory than the GPU has",
                    "use a profile that fits the GPU's memory, or correct memory");
      }
    }
    return Ok();
  }

  // One GPU-instance profile of a mig: list; *slices sums the slices of the list so far.
  Result<gpu::MigProfile> ReadMigProfile(const Located& at, int* slices) {
    auto text = ReadString(at, "3g.40gb");
    if (!text.ok()) return std::move(text).error();
    auto profile = gpu::ParseMigProfile(*text);
    if (!profile.ok()) return Fail(at, profile.error().message, profile.error().hint);
    if (profile->compute_instance) {
      return Fail(at, "'" + *text + "' is a compute-instance profile",
                  "declare GPU instances such as 3g.40gb");
    }
    *slices += profile->gpu_instance_slices;
    if (*slices > gpu::kSlicesPerGpu) {
      return Fail(at, "the MIG profiles use more than 7 compute slices",
                  "remove profiles until their slices (the number before g) sum to 7 or less");
    }
    return profile;
  }

  Status ParseRoot(const YAML::Node& root, Config* config) {
    Located at{root, root.Mark(), ""};
    if (!root.IsNull() && !root.IsMap()) {
      return Fail(at, "the file must be a mapping of sections",
                  "start from the example in docs/config.md");
    }
    return ForEachEntry(
        at,
        "sections: gpus, defaults, groups, users, workspaces, frameworks, images, network, "
        "security",
        [&](const std::string& key, const Located& value) -> Status {
          if (key == "gpus") {
            return ForEachItem(value, "a list of {model: …, memory: …}",
                               [&](const Located& item) -> Status {
                                 config->gpus.emplace_back();
                                 return ParseGpu(item, &config->gpus.back());
                               });
          }
          if (key == "defaults") return ParseDefaults(value, &config->defaults);
          if (key == "groups") {
            return ForEachEntry(value, "{researcher: {unix_group: ds01-researchers}}",
                                [&](const std::string& name, const Located& group) -> Status {
                                  config->groups.emplace_back();
                                  return ParseGroup(name, group, &config->groups.back());
                                });
          }
          if (key == "users") {
            return ForEachEntry(value, "{alice: {max_gpus: 4}}",
                                [&](const std::string& name, const Located& limits) -> Status {
                                  return ParseLimitMap(limits, &config->users[name]);
                                });
          }
          if (key == "workspaces") return ParseWorkspaces(value, &config->workspaces);
          if (key == "frameworks") return ParseFrameworks(value, &config->frameworks);
          if (key == "images") return ParseImages(value, &config->images);
          if (key == "network") return ParseNetwork(value, &config->network);
          if (key == "security") return ParseSecurity(value, &config->security);
          return UnknownKey(value, key,
                            {"gpus", "defaults", "groups", "users", "workspaces", "frameworks",
                             "images", "network", "security"});
        });
  }

  std::string source_;
};

}  // namespace

std::string WorkspacePolicy::RootFor(std::string_view user) const {
  static constexpr std::string_view kPlaceholder = "{user}";
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t found = root.find(kPlaceholder, pos);
    out.append(root, pos, found == std::string::npos ? std::string::npos : found - pos);
    if (found == std::string::npos) return out;
    out.append(user);
    pos = found + kPlaceholder.size();
  }
}

Result<Config> ParseConfig(std::string_view text, std::string_view source_name) {
  return ConfigParser(source_name).Parse(text);
}

Result<Config> LoadConfig(const std::string& path) {
  auto unreadable = [&](int err) {
    ErrorCode code = err == ENOENT   ? ErrorCode::kNotFound
                     : err == EACCES ? ErrorCode::kPermissionDenied
                                     : ErrorCode::kInvalidArgument;
    return MakeError(code, "cannot read config " + path + ": " + std::strerror(err),
                     "create it (see docs/config.md) or pass another file with --config");
  };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unreadable(errno);
  std::string text;
  struct stat info {};
  int err = 0;
  if (fstat(fd, &info) != 0) {
    err = errno;
  } else if (!S_ISREG(info.st_mode)) {
    err = S_ISDIR(info.st_mode) ? EISDIR : EINVAL;
  } else {
    char buffer[16384];
    while (true) {
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) err = errno;
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  if (err != 0) return unreadable(err);
  return ParseConfig(text, path);
}

}  // namespace ds01::policy
