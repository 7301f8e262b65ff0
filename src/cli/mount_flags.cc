#include "cli/mount_flags.h"

#include <charconv>
#include <filesystem>
#include <vector>

#include "cli/args.h"

namespace ds01::cli {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

Error NamedVolume(std::string_view name) {
  return UsageError("'" + std::string(name) +
                        "' is a named volume; ds01 mounts directories of your workspace instead",
                    "bind a directory: -v ~/workspace/" + std::string(name) + ":/data");
}

// A host path as the engine needs it: absolute, from the home or the working directory.
std::string HostPath(std::string_view source, const PathBase& base) {
  const bool from_home = source == "~" || source.starts_with("~/");
  const std::filesystem::path start(from_home ? base.home : base.cwd);
  if (from_home) source.remove_prefix(std::min<std::size_t>(2, source.size()));
  std::string path = (start / std::string(source)).lexically_normal().string();
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

Result<std::string> Source(std::string_view source, const PathBase& base) {
  if (source.empty()) {
    return UsageError("The mount names no source", "give the host directory to mount");
  }
  if (source.find('/') == std::string_view::npos && source != "~" && source != "." &&
      source != "..") {
    return NamedVolume(source);
  }
  return HostPath(source, base);
}

Result<unsigned> Mode(std::string_view text) {
  unsigned mode = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return UsageError("'" + std::string(text) + "' is not an octal mode",
                      "write the mode in octal, e.g. mode=1777");
  }
  return mode;
}

Result<bool> Truth(std::string_view key, std::string_view value) {
  if (value.empty() || value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return UsageError("'" + std::string(key) + "=" + std::string(value) + "' is not true or false",
                    "write " + std::string(key) + " alone, or " + std::string(key) + "=false");
}

}  // namespace

Result<api::Bind> ParseVolumeFlag(std::string_view text, const PathBase& base) {
  const std::vector<std::string_view> parts = Split(text, ':');
  if (parts.size() < 2 || parts.size() > 3 || parts[1].empty()) {
    return UsageError("'" + std::string(text) + "' is not SOURCE:TARGET[:ro]",
                      "write e.g. -v ~/workspace/data:/data:ro");
  }
  auto source = Source(parts[0], base);
  if (!source.ok()) return std::move(source).error();
  api::Bind bind{*source, std::string(parts[1]), false};
  if (parts.size() == 3) {
    for (std::string_view option : Split(parts[2], ',')) {
      if (option == "ro" || option == "rw") {
        bind.read_only = option == "ro";
        continue;
      }
      return UsageError("Unknown volume option '" + std::string(option) + "'",
                        "write :ro for read-only or :rw (the default)");
    }
  }
  return bind;
}

Result<std::variant<api::Bind, api::Tmpfs>> ParseMountFlag(std::string_view text,
                                                           const PathBase& base) {
  std::string type = "volume";  // docker's default, so that a mount without type is explained
  std::string source;
  std::string target;
  bool read_only = false;
  api::Tmpfs tmpfs;
  for (std::string_view field : Split(text, ',')) {
    const std::size_t equals = field.find('=');
    const std::string_view key = field.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : field.substr(equals + 1);
    if (key == "type") {
      type = value;
    } else if (key == "source" || key == "src") {
      source = value;
    } else if (key == "target" || key == "destination" || key == "dst") {
      target = value;
    } else if (key == "readonly" || key == "ro") {
      auto truth = Truth(key, value);
      if (!truth.ok()) return std::move(truth).error();
      read_only = *truth;
    } else if (key == "tmpfs-size") {
      tmpfs.size = std::string(value);
    } else if (key == "tmpfs-mode") {
      auto mode = Mode(value);
      if (!mode.ok()) return std::move(mode).error();
      tmpfs.mode = *mode;
    } else {
      return UsageError("Unknown --mount field '" + std::string(key) + "'",
                        "use type, source, target, readonly, tmpfs-size and tmpfs-mode");
    }
  }
  if (target.empty()) {
    return UsageError("The mount names no target", "add target=/data (the path inside)");
  }
  if (type == "tmpfs") {
    tmpfs.target = target;
    return std::variant<api::Bind, api::Tmpfs>(std::move(tmpfs));
  }
  if (type == "volume") return NamedVolume(source.empty() ? "data" : source);
  if (type != "bind") {
    return UsageError("Mount type '" + type + "' is not offered",
                      "use type=bind (a directory of your workspace) or type=tmpfs");
  }
  if (source.find('/') == std::string::npos && source != "~") {
    return UsageError("A bind mount needs a host path as its source, not '" + source + "'",
                      "write e.g. --mount type=bind,source=~/workspace/data,target=/data");
  }
  return std::variant<api::Bind, api::Tmpfs>(api::Bind{HostPath(source, base), target, read_only});
}

Result<api::Tmpfs> ParseTmpfsFlag(std::string_view text) {
  const std::size_t colon = text.find(':');
  api::Tmpfs tmpfs{std::string(text.substr(0, colon)), std::nullopt, std::nullopt};
  if (tmpfs.target.empty()) {
    return UsageError("The tmpfs names no path", "write e.g. --tmpfs /scratch:size=1g");
  }
  if (colon == std::string_view::npos) return tmpfs;
  for (std::string_view option : Split(text.substr(colon + 1), ',')) {
    if (option.starts_with("size=")) {
      tmpfs.size = std::string(option.substr(5));
    } else if (option.starts_with("mode=")) {
      auto mode = Mode(option.substr(5));
      if (!mode.ok()) return std::move(mode).error();
      tmpfs.mode = *mode;
    } else {
      return UsageError("Unknown tmpfs option '" + std::string(option) + "'",
                        "use size= and mode=, e.g. --tmpfs /scratch:size=1g,mode=1777");
    }
  }
  return tmpfs;
}

}  // namespace ds01::cli
