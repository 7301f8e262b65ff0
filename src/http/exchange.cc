#include "http/exchange.h"

#include <utility>

#include "http/response_writer.h"
#include "http/server.h"

namespace ds01::http {

std::string_view ServerRequest::path() const {
  std::string_view target = request.target;
  return target.substr(0, target.find('?'));
}

std::string_view ServerRequest::query() const {
  std::string_view target = request.target;
  std::size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
}

Response PlainResponse(int status, std::string_view text) {
  return Response{
      status, "", {{"Content-Type", "text/plain; charset=utf-8"}}, std::string(text) + "\n"};
}

Exchange::~Exchange() {
  if (deferred_ && !answered_)
    Reply(PlainResponse(500, "internal error: the handler gave no answer"));
}

std::unique_ptr<Exchange> Exchange::Defer() {
  auto later = std::make_unique<Exchange>(server_, peer_, std::move(request_));
  later->deferred_ = true;
  answered_ = true;
  return later;
}

void Exchange::Reply(const Response& response) {
  if (answered_) return;
  answered_ = true;
  const bool keep_alive = peer_->keep_alive() && !server_.stopping();
  std::string bytes = SerializeResponse(response, keep_alive, peer_->head_request());
  if (peer_->Reply(std::move(bytes), keep_alive) == PeerConnection::Next::kDispatch) {
    server_.Dispatch(peer_);  // a pipelined request was already here
  }
}

Result<QuotaTicket> Exchange::TakeStreamPlace() {
  if (answered_) {
    return MakeError(ErrorCode::kInternal, "this request was already answered");
  }
  const uid_t uid = request_.peer.uid;
  const UidQuota& places = *server_.stream_places_;
  QuotaTicket place = server_.stream_places_->TryTake(uid);
  if (place) return place;
  if (uid != 0 && places.held_by(uid) >= places.per_uid_cap()) {
    return MakeError(
        ErrorCode::kUnavailable,
        "You already have " + std::to_string(places.per_uid_cap()) +
            " streams open to ds01d (follows, logs, shells), the most one user may",
        "end one of them (e.g. a `ds01 events --follow` left running), then try again");
  }
  return MakeError(ErrorCode::kUnavailable,
                   "ds01d has " + std::to_string(places.total_cap()) +
                       " streams open, the most it serves at once",
                   "try again shortly");
}

Result<std::shared_ptr<Stream>> Exchange::StartStream(int status, const Headers& headers) {
  auto place = TakeStreamPlace();
  if (!place.ok()) return std::move(place).error();
  answered_ = true;
  // The place is given back when the connection closes, whoever closes it.
  peer_->OnClose([held = std::make_shared<QuotaTicket>(std::move(*place))] { *held = {}; });
  if (!peer_->StartStream(SerializeStreamHead(status, headers))) {
    return MakeError(ErrorCode::kUnavailable, "the client left before its stream began");
  }
  return std::make_shared<Stream>(peer_, server_.options_.max_stream_backlog);
}

Result<UpgradedConnection> Exchange::Upgrade(std::string_view protocol, const Headers& headers) {
  auto place = TakeStreamPlace();
  if (!place.ok()) return std::move(place).error();
  answered_ = true;
  auto upgraded = peer_->Upgrade(SerializeUpgradeHead(protocol, headers));
  if (!upgraded.ok()) return std::move(upgraded).error();
  return UpgradedConnection{std::move(upgraded->first), std::move(upgraded->second),
                            std::move(*place)};
}

}  // namespace ds01::http
