namespace wavecraft
{

/** The answer to a message: one text message of `text`, then `shared`
    (when set), then `tail`. The shared part is text written once for many
    answers (a scope frame); it goes to the socket without a copy.
*/
struct WebSocketReply
{
    std::string text;
    std::shared_ptr<const std::string> shared;
    std::string tail;

    bool isEmpty() const noexcept { return text.empty() && shared == nullptr && tail.empty(); }
    size_t size() const noexcept { return text.size() + (shared != nullptr ? shared->size() : 0) + tail.size(); }

    /** The whole message in one string. */
    std::string join() const { return shared != nullptr ? text + *shared + tail : text + tail; }
};

} // namespace wavecraft
