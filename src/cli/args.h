#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::cli {

/// One command's command line: the flags and options it takes, where their values go, and its
/// optional NAME. Parse fills the bound variables and turns every mistake into a usage error
/// (kInvalidArgument) whose hint names the fix.
class ArgSpec {
 public:
  /// Converts and stores an option's text; an Error's message should say what was wrong.
  using Assign = std::function<Status(const std::string& value)>;

  /// `command` is how the user called the command ("container-create"), for messages.
  explicit ArgSpec(std::string command);
  ArgSpec(const ArgSpec&) = delete;
  ArgSpec& operator=(const ArgSpec&) = delete;
  ~ArgSpec();

  /// A flag such as "--force" or "-a,--all": true when given.
  void Flag(const std::string& names, bool* target);
  /// An option with a value, given as "--image=IMG" or "--image IMG"; the last one given wins.
  void Option(const std::string& names, std::string value_name, Assign assign);
  /// An option whose value is kept as text; an empty value is refused.
  void Text(const std::string& names, std::string value_name, std::optional<std::string>* target);
  /// An option whose value is a whole number of at least 0 ("--gpu=2"); `fix` is the hint when it
  /// is not one.
  void Count(const std::string& names, std::string value_name, std::optional<int>* target,
             std::string fix);
  /// An option whose value is seconds ("--time=5") or a duration with a unit ("--time=1m").
  void Seconds(const std::string& names, std::optional<std::chrono::seconds>* target);
  /// An option that may be given many times ("-e A=1 -e B=2"); every value, in order.
  void List(const std::string& names, std::string value_name, std::vector<std::string>* target);
  /// The optional positional NAME; a second positional argument is refused.
  void Name(std::optional<std::string>* target);
  /// A command to run, after NAME: everything after `--`, or without `--` everything from the
  /// first argument after NAME on, flags included (`container-exec train ls -la`).
  void Command(std::vector<std::string>* target);

  /// True when a flag or option called `name` ("-f", "--all") has been declared.
  bool Takes(const std::string& name) const;

  /// Parses `args` (what follows the command's name) into the bound variables.
  Status Parse(const std::vector<std::string>& args);

  /// The hint every usage error of this command carries: "see <command> --help".
  std::string HelpHint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A usage error: kInvalidArgument with `message` and `hint`.
Error UsageError(std::string message, std::string hint);

}  // namespace ds01::cli
