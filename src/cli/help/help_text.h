#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ds01::cli {

/// The whole text of help/<topic>.txt ("container_create", "ds01"); empty for an unknown topic.
/// Defined in the source that help/embed.cmake generates from the .txt files.
std::string_view HelpText(std::string_view topic);

/// One section of a help text: the lines after "==== <section>" up to the next "==== " line,
/// without trailing blank lines ("usage", "info", "concepts", "guided.before"); empty when absent.
std::string_view HelpSection(std::string_view text, std::string_view section);

/// A placeholder's name and the value that replaces "{name}".
using Placeholder = std::pair<std::string_view, std::string>;

/// `text` with each "{key}" replaced by its value; unknown keys stay as written.
std::string FillPlaceholders(std::string_view text, std::initializer_list<Placeholder> values);

}  // namespace ds01::cli
