import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics listed in contracts' topics.tsv that do not exist yet, in one JVM start.
 * Run as a single-file program: java -cp KAFKA_CLASSPATH CreateTopics.java BOOTSTRAP TOPICS_TSV
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        List<NewTopic> wanted = Files.readAllLines(Path.of(args[1])).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t"))
                .map(cols -> new NewTopic(cols[0], Integer.parseInt(cols[1]), (short) 1)
                        .configs(Map.of("retention.ms", cols[2])))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
            admin.createTopics(missing).all().get();
            missing.forEach(t -> System.out.println("created topic " + t.name() + " with " + t.numPartitions() + " partitions"));
        }
    }
}
