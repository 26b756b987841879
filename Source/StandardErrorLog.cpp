#include "StandardErrorLog.h"

#include <cerrno>
#include <unistd.h>

void StandardErrorLog::writeLine (const juce::String& text)
{
    const auto line = ("wavecraft-host: " + text + "\n").toStdString();

    // A pipe takes up to PIPE_BUF bytes in one piece; a longer line may be
    // taken in parts, and the rest is written after it.
    for (size_t done = 0; done < line.size();)
    {
        const auto written = ::write (STDERR_FILENO, line.data() + done, line.size() - done);

        if (written < 0 && errno == EINTR)
            continue;

        if (written <= 0)
            return;

        done += (size_t) written;
    }
}
