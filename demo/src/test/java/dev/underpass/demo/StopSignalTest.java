package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StopSignalTest {

    @Test
    void the_first_reason_wins() throws InterruptedException {
        StopSignal stop = new StopSignal();
        stop.trigger("first");
        stop.trigger("second");

        assertThat(stop.await()).isEqualTo("first");
    }

    @Test
    void typed_input_does_not_stop_it_but_the_end_of_input_does() throws IOException, InterruptedException {
        PipedOutputStream keyboard = new PipedOutputStream();
        StopSignal stop = new StopSignal().onEndOf(new PipedInputStream(keyboard));

        keyboard.write("hello\n".getBytes());
        keyboard.flush();
        assertThat(stop.reason()).isNull();

        keyboard.close();
        assertThat(stop.await()).isEqualTo("end of input");
    }

    @Test
    void an_empty_input_stops_at_once() throws InterruptedException {
        assertThat(new StopSignal().onEndOf(new ByteArrayInputStream(new byte[0])).await()).isEqualTo("end of input");
    }
}
