import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates the topics listed in contracts' topics.tsv that do not exist yet, and gives the existing ones the
 * retention the table says (it may have changed since they were created), in one JVM start.
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
            Map<ConfigResource, Collection<AlterConfigOp>> retention = wanted.stream().filter(t -> existing.contains(t.name()))
                    .collect(Collectors.toMap(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()),
                            t -> List.of(new AlterConfigOp(new ConfigEntry("retention.ms", t.configs().get("retention.ms")),
                                    AlterConfigOp.OpType.SET))));
            admin.incrementalAlterConfigs(retention).all().get();
        }
    }
}
