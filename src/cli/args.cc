#include "cli/args.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <set>
#include <utility>

#include "common/units.h"

namespace ds01::cli {

struct ArgSpec::Impl {
  explicit Impl(std::string command_name) : command(std::move(command_name)), app("", command) {
    app.set_help_flag();
    app.allow_extras();  // so that Parse can word the errors about them itself
  }

  // Runs after parsing, in declaration order: converts one option's text to its target.
  struct Conversion {
    std::string flag;  // the long name, for messages
    CLI::Option* option = nullptr;
    std::string text;
    Assign assign;
  };

  std::string command;
  CLI::App app;
  std::vector<std::unique_ptr<Conversion>> conversions;
  std::optional<std::string>* name = nullptr;
  std::string name_text;
  std::vector<std::string>* command_args = nullptr;
  std::set<std::string> value_options;  // "-e", "--env": each takes the next argument

  // Takes the command (see Command) off `args`: what is left are the command's own.
  std::vector<std::string> SplitCommand(const std::vector<std::string>& args) const {
    std::vector<std::string> own;
    bool named = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      if (arg == "--" || (named && !arg.starts_with("-"))) {
        command_args->assign(args.begin() + static_cast<std::ptrdiff_t>(i + (arg == "--")),
                             args.end());
        break;
      }
      own.push_back(arg);
      if (!arg.starts_with("-")) {
        named = true;
      } else if (value_options.contains(arg) && i + 1 < args.size()) {
        own.push_back(args[++i]);
      }
    }
    return own;
  }

  void AddValueNames(const std::string& names) {
    std::size_t start = 0;
    while (start <= names.size()) {
      const std::size_t comma = names.find(',', start);
      value_options.insert(names.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
};

namespace {

// The first long name of "-t,--time" or "--gpu,--gpus": the one messages use.
std::string LongName(const std::string& names) {
  std::size_t start = names.find("--");
  if (start == std::string::npos) return names;
  return names.substr(start, names.find(',', start) - start);
}

Result<int> ParseCount(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + text + "' is not a whole number");
  }
  return value;
}

}  // namespace

ArgSpec::ArgSpec(std::string command) : impl_(std::make_unique<Impl>(std::move(command))) {}

ArgSpec::~ArgSpec() = default;

void ArgSpec::Flag(const std::string& names, bool* target) { impl_->app.add_flag(names, *target); }

bool ArgSpec::Takes(const std::string& name) const {
  return impl_->app.get_option_no_throw(name) != nullptr;
}

void ArgSpec::Option(const std::string& names, std::string value_name, Assign assign) {
  auto conversion = std::make_unique<Impl::Conversion>();
  conversion->flag = LongName(names);
  conversion->assign = std::move(assign);
  impl_->AddValueNames(names);
  conversion->option = impl_->app.add_option(names, conversion->text)
                           ->type_name(std::move(value_name))
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  impl_->conversions.push_back(std::move(conversion));
}

void ArgSpec::Text(const std::string& names, std::string value_name,
                   std::optional<std::string>* target) {
  Option(names, std::move(value_name), [target](const std::string& value) -> Status {
    if (value.empty()) return MakeError(ErrorCode::kInvalidArgument, "the value is empty");
    *target = value;
    return Ok();
  });
}

void ArgSpec::Count(const std::string& names, std::string value_name, std::optional<int>* target,
                    std::string fix) {
  std::string flag = LongName(names);
  Option(names, std::move(value_name),
         [target, flag, fix = std::move(fix)](const std::string& value) -> Status {
           auto count = ParseCount(value);
           if (!count.ok()) {
             return UsageError(flag + " takes a whole number, not '" + value + "'", fix);
           }
           *target = *count;
           return Ok();
         });
}

void ArgSpec::Seconds(const std::string& names, std::optional<std::chrono::seconds>* target) {
  std::string flag = LongName(names);
  Option(names, "S", [target, flag](const std::string& value) -> Status {
    if (auto count = ParseCount(value); count.ok()) {
      *target = std::chrono::seconds(*count);
      return Ok();
    }
    auto duration = ParseDuration(value);
    if (!duration.ok()) {
      return UsageError(
          flag + " takes seconds, not '" + value + "'",
          "give seconds (" + flag + "=10) or a duration with a unit (" + flag + "=2m)");
    }
    *target = *duration;
    return Ok();
  });
}

void ArgSpec::List(const std::string& names, std::string value_name,
                   std::vector<std::string>* target) {
  impl_->AddValueNames(names);
  impl_->app.add_option(names, *target)
      ->type_name(std::move(value_name))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void ArgSpec::Command(std::vector<std::string>* target) { impl_->command_args = target; }

void ArgSpec::Name(std::optional<std::string>* target) {
  impl_->name = target;
  impl_->app.add_option("NAME", impl_->name_text);
}

Status ArgSpec::Parse(const std::vector<std::string>& given) {
  const std::vector<std::string> args = impl_->command_args ? impl_->SplitCommand(given) : given;
  // CLI11 reads "--flag=" as a flag still waiting for its value, and would take the next
  // argument for it; docker's "--entrypoint=" means an empty value.
  std::vector<std::string> reversed;
  for (auto arg = args.rbegin(); arg != args.rend(); ++arg) {
    const bool empty_value = arg->starts_with("--") && arg->size() > 3 && arg->back() == '=';
    if (empty_value) reversed.emplace_back();
    reversed.push_back(empty_value ? arg->substr(0, arg->size() - 1) : *arg);
  }
  try {
    impl_->app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return UsageError(error.what(), HelpHint());
  }
  bool after_dashes = false;
  for (const std::string& extra : impl_->app.remaining()) {
    if (extra == "--" && !after_dashes) {
      after_dashes = true;
      continue;
    }
    if (extra.starts_with("-") && !after_dashes) {
      return UsageError("unknown flag " + extra + " for " + impl_->command, HelpHint());
    }
    return UsageError("unexpected argument '" + extra + "' for " + impl_->command,
                      impl_->name ? "give one NAME; " + HelpHint() : HelpHint());
  }
  for (const auto& conversion : impl_->conversions) {
    if (conversion->option->count() == 0) continue;
    Status assigned = conversion->assign(conversion->text);
    if (!assigned.ok()) {
      Error error = std::move(assigned).error();
      if (error.hint.empty()) {
        return UsageError(conversion->flag + ": " + error.message, HelpHint());
      }
      return error;
    }
  }
  if (impl_->name && !impl_->name_text.empty()) *impl_->name = impl_->name_text;
  return Ok();
}

std::string ArgSpec::HelpHint() const { return "see " + impl_->command + " --help"; }

Error UsageError(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

}  // namespace ds01::cli
