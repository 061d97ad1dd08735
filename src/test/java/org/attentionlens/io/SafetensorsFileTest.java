package org.attentionlens.io;

import org.attentionlens.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void halfPrecisionDecodesEveryBitPatternByDefinition() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float got = DType.F16.widen((short) bits);
            int exp = bits >> 10 & 0x1F;
            if (exp == 0x1F) {
                assertEquals((bits & 0x3FF) == 0, Float.isInfinite(got), Integer.toHexString(bits));
                assertEquals((bits & 0x3FF) != 0, Float.isNaN(got), Integer.toHexString(bits));
            } else {
                assertEquals(HalfFloats.f16(bits), got, 0.0, Integer.toHexString(bits));
                assertEquals((bits & 0x8000) != 0, (Float.floatToRawIntBits(got) & 0x80000000) != 0, "sign of -0 kept");
            }
        }
        assertEquals(1f, DType.F16.widen((short) 0x3C00));
        assertEquals(65504f, DType.F16.widen((short) 0x7BFF));
        assertEquals(0x1p-24f, DType.F16.widen((short) 0x0001));
    }

    @Test
    void narrowingRoundsToTheNearestHalfAsTheTestsOwnSearchDoes() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-9, 5)));
            for (String dtype : new String[]{"F16", "BF16"}) {
                DType d = DType.valueOf(dtype);
                short bits = d.narrow(x);
                double got = d.widen(bits), nearest = HalfFloats.round(x, dtype);
                if (Math.abs(x - got) == Math.abs(x - nearest)) { // the test's search breaks ties downwards
                    if (got != nearest) assertEquals(0, bits & 1, dtype + " tie of " + x + " goes to the even one");
                } else {
                    assertEquals(nearest, got, 0.0, dtype + " of " + x);
                }
            }
        }
        for (int bits = 0; bits < 0x7C00; bits++) // every finite half is its own nearest
            assertEquals((short) bits, DType.F16.narrow(DType.F16.widen((short) bits)), Integer.toHexString(bits));
    }

    @Test
    void readsAllDtypesFromFileAndMemoryAlike() throws Exception {
        float[] values = {1f, -2.5f, 0.333333f, 1e-3f, -65504f, 0f};
        ByteBuffer f16 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bf16 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f16.putShort(HalfFloats.bits(v, "F16"));
            bf16.putShort(HalfFloats.bits(v, "BF16"));
        }
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter().add("a", values, 2, 3).addRaw("h", "F16", f16.array(), 6)
                .addRaw("b", "BF16", bf16.array(), 3, 2).metadata("format", "pt").write(file);
        try (SafetensorsFile disk = SafetensorsFile.open(file);
             SafetensorsFile mem = SafetensorsFile.of(ByteBuffer.wrap(Files.readAllBytes(file)), "t.safetensors")) {
            for (SafetensorsFile s : new SafetensorsFile[]{disk, mem}) {
                assertEquals(Map.of("format", "pt"), s.metadata());
                assertArrayEquals(new long[]{2, 3}, s.info("a").shape());
                assertArrayEquals(values, s.floats("a"));
                for (int i = 0; i < values.length; i++) {
                    assertEquals(HalfFloats.round(values[i], "F16"), s.floats("h")[i]);
                    assertEquals(HalfFloats.round(values[i], "BF16"), s.floats("b")[i]);
                    assertEquals(values[i], s.floats("h")[i], Math.abs(values[i]) * 1e-3 + 1e-7, "F16 keeps 11 bits");
                    assertEquals(values[i], s.floats("b")[i], Math.abs(values[i]) * 8e-3, "BF16 keeps 8 bits");
                }
            }
        }
    }

    /** A sparse file of 3 GB whose tensor lies past the 2 GB a single mapping can reach. */
    @Test
    void readsTensorsBeyondTwoGigabytes() throws Exception {
        long dataSize = 3L << 30;
        long begin = dataSize - 16;
        String json = "{\"zeros\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + begin + "," + dataSize + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            raf.write(b.putLong(header.length).put(header).array());
            raf.setLength(8 + header.length + dataSize);
            ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            tail.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(4f);
            raf.seek(8 + header.length + begin);
            raf.write(tail.array());
        }
        try (SafetensorsFile s = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[]{1.5f, -2f, 3.25f, 4f}, s.floats("far"));
            assertArrayEquals(new float[4], s.floats("zeros"));
            assertTrue(s.info("far").begin() > Integer.MAX_VALUE);
        }
    }
}
