#include "ServedSession.h"

using namespace wavecraft;

namespace
{
constexpr double rate = 48000.0;
constexpr double pi = juce::MathConstants<double>::pi;

/** Processes both channels with a fresh `Filter` each, sample by sample. */
template <typename Filter>
ResponseMeasurement::Process perSample (Filter prototype)
{
    return [prototype] (juce::AudioBuffer<float>& audio)
    {
        for (int channel = 0; channel < audio.getNumChannels(); ++channel)
        {
            auto filter = prototype;
            auto* samples = audio.getWritePointer (channel);

            for (int i = 0; i < audio.getNumSamples(); ++i)
                samples[i] = filter (samples[i]);
        }

        return juce::Result::ok();
    };
}

FrequencyResponse measure (const ResponseMeasurement::Process& process)
{
    FrequencyResponse response;
    const auto result = ResponseMeasurement (rate).measure (process, response);
    INFO (result.getErrorMessage());
    REQUIRE (result.wasOk());
    return response;
}

std::vector<double> logFrequencies (double low = 20.0, double high = 20000.0, int points = 200)
{
    std::vector<double> frequencies;

    for (int i = 0; i < points; ++i)
        frequencies.push_back (low * std::pow (high / low, i / (points - 1.0)));

    return frequencies;
}

/** A one-pole lowpass y = (1 - a) x + a y[-1], in double. */
struct OnePole
{
    double a = 0.0, state = 0.0;

    float operator() (float x)
    {
        state = (1.0 - a) * x + a * state;
        return (float) state;
    }

    std::complex<double> at (double hz) const
    {
        const auto z1 = std::polar (1.0, -2.0 * pi * hz / rate);
        return (1.0 - a) / (1.0 - a * z1);
    }
};

/** A delay line of `length` samples. */
struct Delay
{
    std::vector<float> line;
    size_t position = 0;

    float operator() (float x)
    {
        const auto out = line[position];
        line[position] = x;
        position = (position + 1) % line.size();
        return out;
    }
};

/** RBJ's peaking EQ biquad, direct form I in double. */
struct PeakingBiquad
{
    double b0, b1, b2, a1, a2;
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

    PeakingBiquad (double hz, double q, double gainDb)
    {
        const auto A = std::pow (10.0, gainDb / 40.0), w = 2.0 * pi * hz / rate, alpha = std::sin (w) / (2.0 * q);
        const auto a0 = 1.0 + alpha / A;
        b0 = (1.0 + alpha * A) / a0;
        b1 = -2.0 * std::cos (w) / a0;
        b2 = (1.0 - alpha * A) / a0;
        a1 = -2.0 * std::cos (w) / a0;
        a2 = (1.0 - alpha / A) / a0;
    }

    float operator() (float x)
    {
        const auto y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1, x1 = x, y2 = y1, y1 = y;
        return (float) y;
    }

    std::complex<double> at (double hz) const
    {
        const auto z1 = std::polar (1.0, -2.0 * pi * hz / rate), z2 = z1 * z1;
        return (b0 + b1 * z1 + b2 * z2) / (1.0 + a1 * z1 + a2 * z2);
    }
};

double db (std::complex<double> value)
{
    return 20.0 * std::log10 (std::abs (value));
}
double degrees (std::complex<double> value)
{
    return juce::radiansToDegrees (std::arg (value));
}
double phaseError (double a, double b)
{
    return std::abs (std::remainder (a - b, 360.0));
}
} // namespace

TEST_CASE ("A gain is measured flat within 0.01 dB from 20 Hz to 20 kHz, phase 0, no latency, no distortion", "[response]")
{
    const auto response = measure (perSample ([] (float x)
                                              { return 0.5f * x; }));
    const auto expected = 20.0 * std::log10 (0.5);

    for (auto hz : logFrequencies())
    {
        INFO (hz << " Hz");
        CHECK (std::abs (response.getMagnitudeDb (hz) - expected) < 0.01);
        CHECK (phaseError (response.getPhaseDeg (hz), 0.0) < 0.1);
    }

    CHECK (response.latencySamples == 0);
    REQUIRE (response.thdPercent.has_value());
    CHECK (*response.thdPercent < 0.001);
    CHECK (response.impulseResponse[0] == Approx (0.5).margin (1.0e-4));
}

TEST_CASE ("A one-pole lowpass is measured within 0.1 dB of its closed form from 20 Hz to 20 kHz", "[response]")
{
    for (auto cutoff : { 100.0, 1000.0, 8000.0 })
    {
        OnePole filter;
        filter.a = std::exp (-2.0 * pi * cutoff / rate);
        const auto response = measure (perSample (filter));

        for (auto hz : logFrequencies())
        {
            INFO (cutoff << " Hz one-pole at " << hz << " Hz");
            CHECK (std::abs (response.getMagnitudeDb (hz) - db (filter.at (hz))) < 0.1);
            CHECK (phaseError (response.getPhaseDeg (hz), degrees (filter.at (hz))) < 1.0);
        }

        CHECK (response.latencySamples == 0);
    }
}

TEST_CASE ("A pure delay is measured as its exact latency, and its phase with the latency taken out is flat", "[response]")
{
    for (auto length : { 1, 37, 1000 })
    {
        Delay delay;
        delay.line.assign ((size_t) length, 0.0f);
        const auto response = measure (perSample (delay));
        INFO (length << " samples");
        CHECK (response.latencySamples == length);

        for (auto hz : logFrequencies (20.0, 20000.0, 20))
        {
            INFO (hz << " Hz");
            CHECK (std::abs (response.getMagnitudeDb (hz)) < 0.01);
            CHECK (phaseError (response.getPhaseDeg (hz), 0.0) < 0.1);
        }
    }
}

TEST_CASE ("A delay longer than the impulse response's window, and a steep low pass, are read right", "[response]")
{
    Delay delay;
    delay.line.assign (6000, 0.0f); // beyond period / 16 (4096 at 48 kHz)
    const auto delayed = measure (perSample (delay));
    CHECK (delayed.latencySamples == 6000);
    CHECK (std::abs (delayed.getMagnitudeDb (1000.0)) < 0.01);
    CHECK (phaseError (delayed.getPhaseDeg (5000.0), 0.0) < 0.1);

    // Four one-poles at 500 Hz (24 dB/octave): its first sample is 90 dB
    // below its peak, and still its start, not a latency.
    OnePole pole;
    pole.a = std::exp (-2.0 * pi * 500.0 / rate);
    const auto steep = measure (perSample ([stages = std::array<OnePole, 4> { pole, pole, pole, pole }] (float x) mutable
                                           {
                                               for (auto& stage : stages)
                                                   x = stage (x);

                                               return x; }));
    CHECK (steep.latencySamples == 0);
    CHECK (steep.getMagnitudeDb (2000.0) == Approx (4.0 * db (pole.at (2000.0))).margin (0.1));
}

namespace
{
/** A sparse FIR: each tap a delay (under 16384 samples) and a gain. */
struct SparseFir
{
    std::vector<std::pair<int, float>> taps;
    std::vector<float> line = std::vector<float> (16384, 0.0f);
    size_t position = 0;

    float operator() (float x)
    {
        line[position] = x;
        auto y = 0.0f;

        for (const auto& [delay, gain] : taps)
            y += gain * line[(position + line.size() - (size_t) delay) % line.size()];

        position = (position + 1) % line.size();
        return y;
    }
};
} // namespace

TEST_CASE ("A response louder later than where it starts (an echo over a quieter dry signal, a slow build-up) starts where it starts", "[response]")
{
    SparseFir echo;
    echo.taps = { { 0, 0.3f }, { 14400, 0.7f } }; // 300 ms, wetter than dry
    CHECK (measure (perSample (echo)).latencySamples == 0);

    // Where a harmonic's response would lie, had the plugin any.
    const LogSweep sweep (rate);

    for (auto harmonic : { 2, 6 })
    {
        SparseFir echoAtLead;
        echoAtLead.taps = { { 0, 0.3f }, { sweep.getHarmonicLead (harmonic), 0.7f } };
        INFO ("an echo " << sweep.getHarmonicLead (harmonic) << " samples late");
        CHECK (measure (perSample (echoAtLead)).latencySamples == 0);
    }

    // 100 taps, 100 samples apart from 2000 on, each louder than the one before.
    SparseFir buildUp;

    for (int k = 0; k < 100; ++k)
        buildUp.taps.push_back ({ 2000 + 100 * k, (k % 2 == 0 ? 1.0f : -1.0f) * (float) (k + 1) / 100.0f });

    CHECK (measure (perSample (buildUp)).latencySamples == 2000);
}

TEST_CASE ("A nonlinear plugin with latency: its harmonics, which land before its response, are not taken for its start", "[response]")
{
    // x + 0.2 x^2 (its 2nd harmonic 28 dB below the sweep), then 6000
    // samples late: the 2nd harmonic's response lands about 4700 samples
    // before the linear one, inside the period's first half.
    const LogSweep sweep (rate);
    REQUIRE (sweep.getHarmonicLead (2) < 6000);
    Delay delay;
    delay.line.assign (6000, 0.0f);
    const auto response = measure (perSample ([&delay] (float x)
                                              { return delay (x + 0.2f * x * x); }));
    CHECK (response.latencySamples == 6000);

    for (auto hz : { 100.0, 1000.0, 10000.0 })
    {
        INFO (hz << " Hz");
        CHECK (std::abs (response.getMagnitudeDb (hz)) < 0.1);
    }
}

TEST_CASE ("The sweep plays at -6 dBFS, with no click louder than it", "[response]")
{
    const LogSweep sweep (rate);
    const auto& signal = sweep.getSignal();
    const auto middle = signal.begin() + sweep.getPeriod() / 4;
    const auto steady = std::abs (*std::max_element (middle, middle + sweep.getPeriod() / 4, [] (float a, float b)
                                                     { return std::abs (a) < std::abs (b); }));
    CHECK (20.0 * std::log10 (steady) == Approx (-6.02).margin (0.5));
}

TEST_CASE ("A peaking biquad is measured within 0.1 dB and 1 degree of its analytic response", "[response]")
{
    const PeakingBiquad filter (2500.0, 2.0, 9.0);
    const auto response = measure (perSample (filter));

    for (auto hz : logFrequencies())
    {
        INFO (hz << " Hz");
        CHECK (std::abs (response.getMagnitudeDb (hz) - db (filter.at (hz))) < 0.1);
        CHECK (phaseError (response.getPhaseDeg (hz), degrees (filter.at (hz))) < 1.0);
    }

    CHECK (response.getMagnitudeDb (2500.0) == Approx (9.0).margin (0.05));
}

TEST_CASE ("THD is measured at 1 kHz, -6 dBFS: a cubic's third harmonic, in percent", "[response]")
{
    // x - x^3/3 at amplitude 0.5: a third harmonic of 0.5^3/12, a fundamental of 0.5 - 0.5^3/4.
    const auto response = measure (perSample ([] (float x)
                                              { return x - x * x * x / 3.0f; }));
    const auto expected = 100.0 * (0.125 / 12.0) / (0.5 - 0.125 / 4.0);
    REQUIRE (response.thdPercent.has_value());
    CHECK (*response.thdPercent == Approx (expected).epsilon (0.01));

    // The harmonics of the sweep land before time zero, outside the linear
    // response, which is the cubic's small-signal gain of 1 but for the
    // level's compression.
    CHECK (std::abs (response.getMagnitudeDb (100.0)) < 1.0);
}

TEST_CASE ("A measurement names a processor's failure and a NaN in its output", "[response]")
{
    FrequencyResponse response;
    const ResponseMeasurement measurement (rate);
    const auto failed = measurement.measure ([] (juce::AudioBuffer<float>&)
                                             { return juce::Result::fail ("the plugin crashed in process()"); },
                                             response);
    CHECK (failed.getErrorMessage() == "the plugin crashed in process()");

    const auto nan = measurement.measure (
        [] (juce::AudioBuffer<float>& audio)
        {
            audio.setSample (0, 700, std::numeric_limits<float>::quiet_NaN());
            return juce::Result::ok();
        },
        response);
    CHECK (nan.getErrorMessage().contains ("NaN"));
    CHECK (nan.getErrorMessage().contains ("frame 700"));
}

TEST_CASE ("A curve is sampled on a log scale from 20 Hz to 20 kHz, capped below Nyquist", "[response]")
{
    const auto response = measure (perSample ([] (float x)
                                              { return x; }));
    const auto curve = response.sample (5);
    REQUIRE (curve.frequenciesHz.size() == 5);
    CHECK (curve.frequenciesHz.front() == Approx (20.0));
    CHECK (curve.frequenciesHz[2] == Approx (std::sqrt (20.0 * 20000.0)));
    CHECK (curve.frequenciesHz.back() == Approx (20000.0));
    CHECK (curve.magnitudeDb.size() == 5);
    CHECK (curve.phaseDeg.size() == 5);

    FrequencyResponse at22k = response;
    at22k.sampleRate = 22050.0;
    CHECK (at22k.sample (3).frequenciesHz.back() < 11025.0);
}

//==============================================================================
namespace
{
/** The filter example's SVF (Simper's, trapezoidal): the bilinear
    transform of the analog state-variable filter, i.e. a biquad.
*/
std::complex<double> svfResponse (double hz, double sampleRate, double cutoff, double resonance, int mode)
{
    const auto g = std::tan (pi * cutoff / sampleRate), k = 2.0 - 1.9 * resonance;
    const std::complex<double> s (0.0, std::tan (pi * hz / sampleRate) / g);
    const auto denominator = s * s + k * s + 1.0;
    const std::complex<double> numerators[] = { 1.0, k * s, s * s };
    return numerators[mode] / denominator;
}

/** Asks the session for its response and pumps the message thread until the answer. */
ResponseCurve measureSession (HostSession& session, int points = 64)
{
    struct Outcome
    {
        std::mutex lock;
        std::optional<ResponseCurve> curve;
        juce::String error;
        bool done = false;
    };

    auto outcome = std::make_shared<Outcome>();
    session.measureResponse (points,
                             [outcome] (const ResponseCurve* curve, const juce::String& error)
                             {
                                 const std::lock_guard<std::mutex> lock (outcome->lock);
                                 outcome->curve = curve != nullptr ? std::optional<ResponseCurve> (*curve) : std::nullopt;
                                 outcome->error = error;
                                 outcome->done = true;
                             });
    REQUIRE (test::pumpUntil ([&]
                              {
                                  const std::lock_guard<std::mutex> lock (outcome->lock);
                                  return outcome->done; },
                              20000));
    const std::lock_guard<std::mutex> lock (outcome->lock);
    INFO (outcome->error);
    REQUIRE (outcome->curve.has_value());
    return *outcome->curve;
}

void set (HostSession& session, const juce::String& id, float value)
{
    REQUIRE (session.setParameter (id, value, nullptr));
}
} // namespace

TEST_CASE ("The filter example is measured in a worker of its own within 0.1 dB and 1 degree of its biquad's analytic response", "[response][isolation]")
{
    test::TemporaryFolder temp;
    const auto plugin = temp.getFile ("filter" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getExamplePlugin ("wavecraft_example_filter").copyFileTo (plugin));

    HostSession session;
    HostSession::Options options;
    options.plugin = plugin;
    options.device.deviceType = VirtualAudioIODevice::typeName;
    options.inputSource = "silence";
    REQUIRE (session.start (options).wasOk());
    REQUIRE (session.getResponseMeasurer() != nullptr);
    set (session, "tone_level", 0.0f); // the built-in tone is not the filter's response

    struct Setting
    {
        float cutoff, resonance;
        int mode;
    };

    for (const auto setting : { Setting { 1000.0f, 0.3f, 0 }, Setting { 200.0f, 0.9f, 0 }, Setting { 5000.0f, 0.5f, 1 }, Setting { 3000.0f, 0.0f, 2 } })
    {
        set (session, "cutoff", setting.cutoff);
        set (session, "resonance", setting.resonance);
        set (session, "mode", (float) setting.mode);
        const auto curve = measureSession (session, 100);
        CHECK (curve.build == 1);
        CHECK (curve.latencySamples == 0);

        for (size_t i = 0; i < curve.frequenciesHz.size(); ++i)
        {
            const auto hz = curve.frequenciesHz[i];
            const auto expected = svfResponse (hz, curve.sampleRate, setting.cutoff, setting.resonance, setting.mode);
            INFO ("mode " << setting.mode << ", cutoff " << setting.cutoff << " Hz, resonance " << setting.resonance << ", at " << hz << " Hz");

            if (db (expected) > -100.0) // a high pass's floor at 20 Hz is float noise, not the filter
            {
                CHECK (std::abs (curve.magnitudeDb[i] - db (expected)) < 0.1);
                CHECK (phaseError (curve.phaseDeg[i], degrees (expected)) < 1.0);
            }
        }
    }

    session.stop();
}

TEST_CASE ("A change of value is seen by the next measurement, the live instance never hears the sweep, and a rebuild keeps the previous build's curve",
           "[response][isolation]")
{
    // Silence in: whatever is measured, the live output stays silent.
    test::ServedSession served ("tp_v2", "silence");
    auto& session = served.session;
    set (session, "gain", 0.5f);
    MeterTap::Reader meters (session.getMeterTap());
    auto loudest = 0.0f;
    auto frames = 0;
    const auto readMeters = [&]
    {
        meters.readNew ([&] (const MeterFrame& frame)
                        {
                            loudest = juce::jmax (loudest, frame.peakLeft, frame.peakRight);
                            ++frames; });
    };

    // Over the socket, as a page asks.
    const auto answer = nlohmann::json::parse (served.page.call (7, "measureResponse", R"({"points":16})"));
    INFO (answer.dump());
    const auto& response = answer.at ("result").at ("response");
    REQUIRE (response.at ("magnitude_db").size() == 16);
    CHECK (response.at ("frequencies_hz").front() == Approx (20.0));
    CHECK (response.at ("frequencies_hz").back() == Approx (20000.0));
    CHECK (response.at ("latency_samples") == 0);
    CHECK (response.at ("build") == 1);

    for (double magnitude : response.at ("magnitude_db"))
        CHECK (std::abs (magnitude - 20.0 * std::log10 (0.5)) < 0.01);

    // In a batch, a value changed just before: one array, in the batch's
    // order, sent from the measurer's thread once measured.
    set (session, "gain", 0.25f);
    served.page.sendText (R"([{"jsonrpc":"2.0","id":8,"method":"measureResponse","params":{"points":4}},{"jsonrpc":"2.0","id":9,"method":"getBuilds"}])");
    std::string batchAnswer;
    REQUIRE (test::pumpUntil ([&]
                              { return served.page.readMessage (batchAnswer) && batchAnswer.rfind ("[", 0) == 0; },
                              5000));
    const auto batch = nlohmann::json::parse (batchAnswer);
    REQUIRE (batch.size() == 2);
    CHECK (batch[0].at ("id") == 8);
    CHECK (batch[0].at ("result").at ("response").at ("magnitude_db").size() == 4);
    CHECK (batch[0].at ("result").at ("response").at ("magnitude_db")[0].get<double>() == Approx (20.0 * std::log10 (0.25)).margin (0.01));
    CHECK (batch[1].at ("id") == 9);
    CHECK (batch[1].at ("result").at ("builds").size() == 1);

    for (auto magnitude : measureSession (session).magnitudeDb)
        CHECK (std::abs (magnitude - 20.0 * std::log10 (0.25)) < 0.01);

    // A rebuild (a build at 0.999x): measured again at once while measuring
    // continuously, the previous build's curve kept behind it.
    auto* measurer = session.getResponseMeasurer();
    measurer->setContinuous (true);
    REQUIRE (test::getTestPlugin ("tp_v2_at_0999").copyFileTo (served.pluginFile));
    REQUIRE (session.reloadPlugin());
    REQUIRE (test::pumpUntil ([&]
                              { return measurer->getLatest() != nullptr && measurer->getLatest()->build == 2; },
                              10000));
    const auto previous = measurer->getPreviousBuilds();
    REQUIRE (previous != nullptr);
    CHECK (previous->build == 1);
    CHECK (measurer->getLatest()->getMagnitudeDb (1000.0) - previous->getMagnitudeDb (1000.0) == Approx (20.0 * std::log10 (0.999)).margin (0.001));

    // The live output was silent all along: the sweep and the tone went
    // through the measured instance only.
    readMeters();
    CHECK (frames > 10);
    CHECK (loudest == 0.0f);
}

TEST_CASE ("measureResponse names a plugin that crashes while measured, and says there is no plugin once the session stopped", "[response][isolation]")
{
    test::ServedSession served ("tp_segfault_after_50_blocks", "sine:1000");
    auto& session = served.session;
    const auto answer = nlohmann::json::parse (served.page.call (3, "measureResponse"));
    INFO (answer.dump());
    CHECK (answer.at ("error").at ("code") == -32002);
    CHECK (answer.at ("error").at ("message").get<std::string>().find ("can't be measured") != std::string::npos);

    session.stop();
    const auto stopped = nlohmann::json::parse (served.page.call (4, "measureResponse"));
    CHECK (stopped.at ("error").at ("message") == "no plugin is running, so there is nothing to measure");
}
