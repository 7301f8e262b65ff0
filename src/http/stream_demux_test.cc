#include "http/stream_demux.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "http/chunked_decoder.h"

namespace ds01::http {
namespace {

std::string Frame(StreamType stream, std::string_view payload) {
  std::string header(8, '\0');
  header[0] = static_cast<char>(stream);
  auto size = static_cast<std::uint32_t>(payload.size());
  header[4] = static_cast<char>(size >> 24);
  header[5] = static_cast<char>(size >> 16);
  header[6] = static_cast<char>(size >> 8);
  header[7] = static_cast<char>(size);
  return header + std::string(payload);
}

// Everything the demuxer wrote, per stream, with adjacent pieces of one stream joined.
struct Collected {
  std::vector<std::pair<StreamType, std::string>> runs;

  void Add(StreamType stream, std::string_view data) {
    if (!runs.empty() && runs.back().first == stream) {
      runs.back().second += data;
    } else {
      runs.emplace_back(stream, std::string(data));
    }
  }
};

Collected FeedInSlices(const std::string& bytes, std::size_t slice, Status* status) {
  StreamDemux demux;
  Collected out;
  for (std::size_t i = 0; i < bytes.size(); i += slice) {
    *status = demux.Feed(std::string_view(bytes).substr(i, slice),
                         [&](StreamType s, std::string_view d) { out.Add(s, d); });
    if (!status->ok()) return out;
  }
  *status = demux.Finish();
  return out;
}

TEST(StreamDemux, SplitsStdoutAndStderrFrames) {
  std::string bytes = Frame(StreamType::kStdout, "hello\n") + Frame(StreamType::kStderr, "oops\n") +
                      Frame(StreamType::kStdout, "bye\n");
  Status status;
  Collected out = FeedInSlices(bytes, bytes.size(), &status);
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_EQ(out.runs.size(), 3u);
  EXPECT_EQ(out.runs[0], std::make_pair(StreamType::kStdout, std::string("hello\n")));
  EXPECT_EQ(out.runs[1], std::make_pair(StreamType::kStderr, std::string("oops\n")));
  EXPECT_EQ(out.runs[2], std::make_pair(StreamType::kStdout, std::string("bye\n")));
}

TEST(StreamDemux, GivesTheSameOutputWhateverWayTheBytesAreSplit) {
  std::string bytes = Frame(StreamType::kStdout, std::string(300, 'a')) +
                      Frame(StreamType::kStderr, "e") + Frame(StreamType::kStdout, "") +
                      Frame(StreamType::kStdin, "in") + Frame(StreamType::kStdout, "tail");
  for (std::size_t slice : {1u, 2u, 3u, 7u, 8u, 9u, 64u, 1000u}) {
    Status status;
    Collected out = FeedInSlices(bytes, slice, &status);
    ASSERT_TRUE(status.ok()) << "slice " << slice << ": " << status.error().message;
    ASSERT_EQ(out.runs.size(), 4u) << "slice " << slice;
    EXPECT_EQ(out.runs[0].second, std::string(300, 'a'));
    EXPECT_EQ(out.runs[1], std::make_pair(StreamType::kStderr, std::string("e")));
    EXPECT_EQ(out.runs[2], std::make_pair(StreamType::kStdin, std::string("in")));
    EXPECT_EQ(out.runs[3], std::make_pair(StreamType::kStdout, std::string("tail")));
  }
}

TEST(StreamDemux, HandsOutALargeFrameAsItArrivesWithoutWaitingForAllOfIt) {
  StreamDemux demux;
  std::string header =
      Frame(StreamType::kStdout, "").substr(0, 4) + std::string("\x01\x00\x00\x00", 4);
  std::string_view input = header;
  auto none = demux.Next(input);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  std::string chunk(1000, 'x');
  std::string_view data = chunk;
  auto piece = demux.Next(data);
  ASSERT_TRUE(piece.ok());
  ASSERT_TRUE(piece->has_value());
  EXPECT_EQ((*piece)->data.size(), 1000u);  // 16 MiB announced, 1000 bytes handed out now
  EXPECT_FALSE(demux.Finish().ok());
}

TEST(StreamDemux, RefusesAnUnknownStreamType) {
  std::string bytes = Frame(StreamType::kStdout, "ok");
  bytes += std::string("\x03\0\0\0\0\0\0\x01x", 9);
  Status status;
  Collected out = FeedInSlices(bytes, bytes.size(), &status);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kProtocol);
  EXPECT_NE(status.error().message.find("stream type 3"), std::string::npos);
  ASSERT_EQ(out.runs.size(), 1u);
  EXPECT_EQ(out.runs[0].second, "ok");
}

TEST(StreamDemux, RefusesNonzeroPadding) {
  std::string bytes("\x01\0\x01\0\0\0\0\x01x", 9);
  Status status;
  FeedInSlices(bytes, 1, &status);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kProtocol);
  EXPECT_NE(status.error().message.find("padding"), std::string::npos);
}

TEST(StreamDemux, KeepsReportingTheErrorAfterABadHeader) {
  StreamDemux demux;
  std::string bad("\x07\0\0\0\0\0\0\0", 8);
  std::string_view input = bad;
  EXPECT_FALSE(demux.Next(input).ok());
  std::string good = Frame(StreamType::kStdout, "x");
  std::string_view more = good;
  EXPECT_FALSE(demux.Next(more).ok());
  EXPECT_FALSE(demux.Finish().ok());
}

TEST(StreamDemux, ReportsAStreamThatEndsInsideAFrame) {
  std::string bytes = Frame(StreamType::kStdout, "complete") + Frame(StreamType::kStdout, "cut");
  for (std::size_t cut : {bytes.size() - 1, bytes.size() - 3, bytes.size() - 8}) {
    StreamDemux demux;
    EXPECT_TRUE(demux.Feed(bytes.substr(0, cut), [](StreamType, std::string_view) {}).ok());
    Status finish = demux.Finish();
    ASSERT_FALSE(finish.ok()) << "cut at " << cut;
    EXPECT_EQ(finish.error().code, ErrorCode::kProtocol);
  }
}

TEST(StreamDemux, DemuxesFramesAfterDechunkingWhenChunksSplitThem) {
  std::string frames = Frame(StreamType::kStdout, "build step 1\n") +
                       Frame(StreamType::kStderr, "warning\n") +
                       Frame(StreamType::kStdout, "done\n");
  // The engine's chunk boundaries fall inside a header and inside a payload.
  std::string body;
  for (auto [from, size] :
       {std::pair<std::size_t, std::size_t>{0, 5}, {5, 11}, {16, 6}, {22, 999}}) {
    std::string piece = frames.substr(from, size);
    char line[32];
    std::snprintf(line, sizeof(line), "%zx\r\n", piece.size());
    body += line + piece + "\r\n";
  }
  body += "0\r\n\r\n";

  http::ChunkedDecoder chunked;
  StreamDemux demux;
  Collected out;
  std::string_view input = body;
  while (!chunked.done()) {
    auto piece = chunked.Next(input);
    ASSERT_TRUE(piece.ok()) << piece.error().message;
    if (piece->kind != http::ChunkedDecoder::Kind::kData) continue;
    ASSERT_TRUE(
        demux.Feed(piece->data, [&](StreamType s, std::string_view d) { out.Add(s, d); }).ok());
  }
  EXPECT_TRUE(demux.Finish().ok());
  ASSERT_EQ(out.runs.size(), 3u);
  EXPECT_EQ(out.runs[0], std::make_pair(StreamType::kStdout, std::string("build step 1\n")));
  EXPECT_EQ(out.runs[1], std::make_pair(StreamType::kStderr, std::string("warning\n")));
  EXPECT_EQ(out.runs[2], std::make_pair(StreamType::kStdout, std::string("done\n")));
}

TEST(StreamDemux, EndsCleanlyAtAFrameBoundary) {
  StreamDemux demux;
  EXPECT_TRUE(demux.Finish().ok());
  EXPECT_TRUE(
      demux.Feed(Frame(StreamType::kStderr, "x"), [](StreamType, std::string_view) {}).ok());
  EXPECT_TRUE(demux.Finish().ok());
}

}  // namespace
}  // namespace ds01::http
